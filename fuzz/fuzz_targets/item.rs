//! An item file as raw bytes: read, split, parsed and located as `check` does, then its body
//! rendered as the item page does. Any panic, hang or runaway allocation is a finding.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (item, problems) = gongkai::load::parse_item_text(Path::new("content/items/fuzz.md"), data);
    for p in &problems {
        let _ = p.render();
    }
    if let Some(item) = item {
        let body = &item.file.text[item.body.clone()];
        let _ = gongkai::markdown::record_links(body);
        let _ = gongkai::markdown::render(body, &|kind, id| Some(format!("../{kind}/{id}/")));
    }
    // The body renderer on the raw text too, whatever the front matter did.
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gongkai::markdown::render(text, &|_, _| None);
    }
});
