//! An office file and site.yaml as raw bytes, read as `check` does.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, problems) =
        gongkai::load::parse_office_text(Path::new("content/offices/fuzz.yaml"), data);
    for p in &problems {
        let _ = p.render();
    }
    let (_, problems) = gongkai::load::parse_site_text(Path::new("content/site.yaml"), data);
    for p in &problems {
        let _ = p.render();
    }
});
