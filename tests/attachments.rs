//! Attachments: published only from content/attachments, only for published items, only as
//! PDF, JPEG or PNG (by name and by content) under the size limit, with JPEG and PNG metadata
//! stripped; unreviewed attachments are warnings; nothing outside the folder is ever read.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SITE: &str = "title: 测试站\nunit: 测试单位\ncampaign: 效能建设\nyear: 2026\n\
categories:\n  - id: c1\n    name: 类别一\n";
const OFFICE: &str =
    "id: o1\nname: 一科\nchief: 王某某\ndeputy: 李某某\nduties: 职责。\nphone: 0839-5200001\n";

const SERIAL: &str = "SN-CAM-0042-SECRET";
const AUTHOR: &str = "Author-Wang-Secret";
const GPS_MARK: &str = "GPSVersionHidden";

/// An item whose one timeline entry carries `evidence`.
fn item(id: &str, extra: &str, evidence: &[&str]) -> String {
    let mut list = String::new();
    if !evidence.is_empty() {
        list.push_str("    evidence:\n");
        for e in evidence {
            list.push_str(&format!("      - {e}\n"));
        }
    }
    format!(
        "---\nid: {id}\noffice: o1\ntitle: 事项{id}\ncategory: c1\nsource: 群众提\nfound: 2026-06-01\n\
         deadline: 2026-06-30\n{extra}timeline:\n  - date: 2026-06-01\n    status: 整改中\n    note: 立项。\n{list}---\n正文。\n"
    )
}

/// A site with the given items and attachments (path below content/attachments → bytes).
fn site(items: &[(&str, String)], attachments: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/offices")).unwrap();
    std::fs::create_dir_all(root.join("content/items")).unwrap();
    std::fs::create_dir_all(root.join("content/attachments")).unwrap();
    std::fs::write(root.join("content/site.yaml"), SITE).unwrap();
    std::fs::write(root.join("content/offices/o1.yaml"), OFFICE).unwrap();
    for (name, text) in items {
        std::fs::write(root.join("content/items").join(name), text).unwrap();
    }
    for (name, bytes) in attachments {
        let path = root.join("content/attachments").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

fn run(command: &str, root: &Path) -> (Output, PathBuf) {
    let out = root.join("public");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    cmd.args([command, "--as-of", "2026-11-25", "--root"])
        .arg(root);
    if command == "build" {
        cmd.arg("--output").arg(&out);
    }
    (cmd.output().unwrap(), out)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn built(root: &Path) -> (String, PathBuf) {
    let (output, out) = run("build", root);
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    (text, out)
}

fn failed(command: &str, root: &Path) -> String {
    let (output, out) = run(command, root);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(!out.exists(), "a failed build wrote its output");
    text
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

// ---- JPEG -------------------------------------------------------------------------------

fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&u16::try_from(body.len() + 2).unwrap().to_be_bytes());
    s.extend_from_slice(body);
    s
}

/// One TIFF IFD entry: tag, type (2 ASCII, 4 LONG, 5 RATIONAL), count, big-endian value bytes.
type Entry = (u16, u16, u32, Vec<u8>);

/// Writes an IFD at `at`; values longer than four bytes go to `data`, which starts at `data_at`.
fn ifd(entries: &[Entry], data: &mut Vec<u8>, data_at: u32) -> Vec<u8> {
    let mut out = u16::try_from(entries.len()).unwrap().to_be_bytes().to_vec();
    for (tag, kind, count, value) in entries {
        out.extend(tag.to_be_bytes());
        out.extend(kind.to_be_bytes());
        out.extend(count.to_be_bytes());
        if value.len() <= 4 {
            let mut inline = value.clone();
            inline.resize(4, 0);
            out.extend(inline);
        } else {
            out.extend((data_at + u32::try_from(data.len()).unwrap()).to_be_bytes());
            data.extend(value);
            if data.len() % 2 == 1 {
                data.push(0);
            }
        }
    }
    out.extend(0u32.to_be_bytes());
    out
}

fn ascii(text: &str) -> Vec<u8> {
    let mut v = text.as_bytes().to_vec();
    v.push(0);
    v
}

fn rationals(values: &[(u32, u32)]) -> Vec<u8> {
    values
        .iter()
        .flat_map(|(n, d)| n.to_be_bytes().into_iter().chain(d.to_be_bytes()))
        .collect()
}

/// An EXIF APP1 body: IFD0 (make, artist, pointers), an EXIF IFD with the camera's serial
/// number and a GPS IFD with a position.
fn exif() -> Vec<u8> {
    // IFD0 at 8 (4 entries: 54 bytes), EXIF IFD at 62 (1 entry: 18), GPS IFD at 80 (5: 66).
    let (exif_at, gps_at, data_at) = (62u32, 80u32, 146u32);
    let len = |s: &str| u32::try_from(s.len() + 1).unwrap();
    let mut data = Vec::new();
    let ifd0 = ifd(
        &[
            (0x010F, 2, len("FakeCam"), ascii("FakeCam")),
            (0x013B, 2, len(AUTHOR), ascii(AUTHOR)),
            (0x8769, 4, 1, exif_at.to_be_bytes().to_vec()),
            (0x8825, 4, 1, gps_at.to_be_bytes().to_vec()),
        ],
        &mut data,
        data_at,
    );
    let exif_ifd = ifd(
        &[(0xA431, 2, len(SERIAL), ascii(SERIAL))],
        &mut data,
        data_at,
    );
    let gps = ifd(
        &[
            (0x0001, 2, 2, ascii("N")),
            (0x0002, 5, 3, rationals(&[(30, 1), (7, 1), (1234, 100)])),
            (0x0003, 2, 2, ascii("E")),
            (0x0004, 5, 3, rationals(&[(104, 1), (3, 1), (5678, 100)])),
            (0x001B, 2, len(GPS_MARK), ascii(GPS_MARK)),
        ],
        &mut data,
        data_at,
    );
    let mut tiff = b"MM\x00\x2A\x00\x00\x00\x08".to_vec();
    tiff.extend(ifd0);
    assert_eq!(tiff.len(), exif_at as usize);
    tiff.extend(exif_ifd);
    assert_eq!(tiff.len(), gps_at as usize);
    tiff.extend(gps);
    assert_eq!(tiff.len(), data_at as usize);
    tiff.extend(data);
    let mut body = b"Exif\0\0".to_vec();
    body.extend(tiff);
    body
}

fn xmp() -> Vec<u8> {
    let mut body = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    body.extend(
        format!(
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
             <rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator><rdf:Seq><rdf:li>{AUTHOR}</rdf:li>\
             </rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
        )
        .bytes(),
    );
    body
}

/// The part of a JPEG from its first SOS marker on: the scan data and EOI.
fn from_sos(jpeg: &[u8]) -> &[u8] {
    let at = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xDA])
        .expect("no SOS");
    &jpeg[at..]
}

/// Every marker of a JPEG before its first scan.
fn markers(jpeg: &[u8]) -> Vec<u8> {
    let mut i = 2;
    let mut found = Vec::new();
    while i + 4 <= jpeg.len() {
        assert_eq!(jpeg[i], 0xFF, "marker expected at {i}");
        let marker = jpeg[i + 1];
        found.push(marker);
        if marker == 0xDA {
            break;
        }
        i += 2 + usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
    }
    found
}

/// A small baseline JPEG (8x8, grey, one DC-only block) with EXIF (GPS, serial, artist),
/// XMP (author), IPTC and a comment.
fn jpeg_with_metadata() -> Vec<u8> {
    let mut j = b"\xFF\xD8".to_vec();
    j.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
    j.extend(segment(0xE1, &exif()));
    j.extend(segment(0xE1, &xmp()));
    let mut iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x18\x1C\x02\x50\0\x12".to_vec();
    iptc.extend(AUTHOR.bytes());
    j.extend(segment(0xED, &iptc));
    j.extend(segment(0xFE, format!("shot by {AUTHOR}").as_bytes()));
    let mut dqt = vec![0u8];
    dqt.extend([1u8; 64]);
    j.extend(segment(0xDB, &dqt));
    j.extend(segment(0xC0, b"\x08\x00\x08\x00\x08\x01\x01\x11\x00"));
    // DC table 0: one code of length 1 for category 0; AC table 0: one code for EOB.
    let mut dht = b"\x00\x01".to_vec();
    dht.extend([0u8; 15]);
    dht.push(0);
    dht.extend(b"\x10\x01");
    dht.extend([0u8; 15]);
    dht.push(0);
    j.extend(segment(0xC4, &dht));
    j.extend(segment(0xDA, b"\x01\x01\x00\x00\x3F\x00"));
    // Scan data with a stuffed 0xFF00 and a restart marker, then EOI.
    j.extend(b"\x3F\xFF\x00\x12\xFF\xD0\x34\xFF\xD9");
    j
}

#[test]
fn jpeg_metadata_is_stripped_and_the_image_data_kept_byte_for_byte() {
    let jpeg = jpeg_with_metadata();
    assert!(contains(&jpeg, SERIAL.as_bytes()) && contains(&jpeg, AUTHOR.as_bytes()));
    let dir = site(
        &[(
            "a.md",
            item("A-1", "", &["attachments/2026/0828-现场照片.jpg"]),
        )],
        &[("2026/0828-现场照片.jpg", jpeg.clone())],
    );
    let (_, out) = built(dir.path());
    let published = std::fs::read(out.join("attachments/2026/0828-现场照片.jpg")).unwrap();
    let found = markers(&published);
    assert_eq!(found, [0xE0, 0xDB, 0xC0, 0xC4, 0xDA], "{found:x?}");
    for secret in [SERIAL, AUTHOR, GPS_MARK, "Exif", "Photoshop", "xmpmeta"] {
        assert!(!contains(&published, secret.as_bytes()), "{secret} left in");
    }
    assert_eq!(from_sos(&published), from_sos(&jpeg));
    assert!(published.starts_with(b"\xFF\xD8\xFF\xE0\x00\x10JFIF\0"));
    // The item page links to the copy, by its file name, relative to the page.
    let page = std::fs::read_to_string(out.join("items/A-1/index.html")).unwrap();
    assert!(
        page.contains("href=\"../../attachments/2026/0828-现场照片.jpg\"")
            && page.contains(">0828-现场照片.jpg</a>"),
        "{page}"
    );
    // The manifest lists it, with the digest of the cleaned bytes.
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("attachments/2026/0828-现场照片.jpg"));
    // The source is left as it was.
    let source = dir
        .path()
        .join("content/attachments/2026/0828-现场照片.jpg");
    assert_eq!(std::fs::read(source).unwrap(), jpeg);
}

// ---- PNG --------------------------------------------------------------------------------

fn crc32(bytes: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    c.extend(kind);
    c.extend(data);
    let crc = crc32(&c[4..]);
    c.extend(crc.to_be_bytes());
    c
}

/// The chunks of a PNG: (type, whole chunk bytes); checks every CRC.
fn chunks(png: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
    assert!(png.starts_with(b"\x89PNG\r\n\x1A\n"));
    let mut i = 8;
    let mut found = Vec::new();
    while i < png.len() {
        let len = u32::from_be_bytes(png[i..i + 4].try_into().unwrap()) as usize;
        let whole = &png[i..i + 12 + len];
        let crc = u32::from_be_bytes(whole[8 + len..].try_into().unwrap());
        assert_eq!(crc32(&whole[4..8 + len]), crc, "bad CRC");
        found.push((whole[4..8].try_into().unwrap(), whole.to_vec()));
        i += 12 + len;
    }
    found
}

#[test]
fn png_text_exif_and_time_chunks_are_stripped_and_the_rest_kept() {
    // A 1x1 grey pixel: zlib stream of [filter 0, value 0x80].
    let ihdr = chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    let phys = chunk(b"pHYs", &[0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1]);
    let idat = chunk(
        b"IDAT",
        b"\x78\x01\x01\x02\x00\xFD\xFF\x00\x80\x00\x82\x00\x81",
    );
    let iend = chunk(b"IEND", b"");
    let mut png = b"\x89PNG\r\n\x1A\n".to_vec();
    png.extend(&ihdr);
    png.extend(chunk(b"tEXt", format!("Author\0{AUTHOR}").as_bytes()));
    png.extend(chunk(
        b"iTXt",
        format!("XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>{AUTHOR}</x:xmpmeta>").as_bytes(),
    ));
    png.extend(chunk(b"eXIf", &exif()[6..]));
    png.extend(chunk(
        b"zTXt",
        b"Comment\0\0\x78\x01\x03\x00\x00\x00\x00\x01",
    ));
    png.extend(chunk(b"tIME", &[0x07, 0xEA, 8, 28, 9, 30, 0]));
    png.extend(&phys);
    png.extend(&idat);
    png.extend(&iend);
    let dir = site(
        &[("a.md", item("A-1", "", &["attachments/整改前.png"]))],
        &[("整改前.png", png)],
    );
    let (_, out) = built(dir.path());
    let published = std::fs::read(out.join("attachments/整改前.png")).unwrap();
    let found = chunks(&published);
    let kinds: Vec<&[u8; 4]> = found.iter().map(|(k, _)| k).collect();
    assert_eq!(kinds, [b"IHDR", b"pHYs", b"IDAT", b"IEND"]);
    let kept: Vec<Vec<u8>> = found.into_iter().map(|(_, c)| c).collect();
    assert_eq!(kept, [ihdr, phys, idat, iend]);
    for secret in [SERIAL, AUTHOR, GPS_MARK] {
        assert!(!contains(&published, secret.as_bytes()), "{secret} left in");
    }
}

#[test]
fn a_pdf_is_copied_as_it_is() {
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let dir = site(
        &[("a.md", item("A-1", "", &["attachments/纪要.pdf"]))],
        &[("纪要.pdf", pdf.clone())],
    );
    let (_, out) = built(dir.path());
    assert_eq!(
        std::fs::read(out.join("attachments/纪要.pdf")).unwrap(),
        pdf
    );
}

// ---- refusals ---------------------------------------------------------------------------

#[test]
fn types_outside_the_allow_list_are_errors_naming_the_file() {
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "图.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            ".svg files cannot be published",
        ),
        (
            "页.html",
            b"<!DOCTYPE html><html></html>",
            ".html files cannot be published",
        ),
        ("工具.exe", b"MZ\x90\x00", ".exe files cannot be published"),
        (
            "说明.docx",
            b"PK\x03\x04",
            ".docx files cannot be published",
        ),
        (
            "照片.jpg",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "named like a JPEG image but is not one (it looks like HTML",
        ),
    ];
    for (name, bytes, why) in cases {
        let evidence = format!("attachments/{name}");
        let dir = site(
            &[("a.md", item("A-1", "", &[&evidence]))],
            &[(name, bytes.to_vec())],
        );
        for command in ["check", "build"] {
            let text = failed(command, dir.path());
            assert!(
                text.contains(&format!(
                    "content/items/a.md:14:9: error: attachment `{evidence}`: "
                )) && text.contains(why),
                "{name}: {text}"
            );
        }
    }
}

#[test]
fn a_file_over_the_size_limit_is_an_error() {
    let dir = site(
        &[("a.md", item("A-1", "", &["attachments/大扫描件.pdf"]))],
        &[],
    );
    // A sparse file one byte over 20 MiB: nothing that big is ever read.
    let path = dir.path().join("content/attachments/大扫描件.pdf");
    let file = std::fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut &file, b"%PDF-1.4\n").unwrap();
    file.set_len(20 * 1024 * 1024 + 1).unwrap();
    let text = failed("build", dir.path());
    assert!(
        text.contains("content/items/a.md:14:9: error: attachment `attachments/大扫描件.pdf`: the file is 20971521 bytes, more than the limit of 20971520 bytes (20 MiB)"),
        "{text}"
    );
}

#[test]
fn a_missing_file_is_an_error_at_the_evidence_entry() {
    let dir = site(
        &[(
            "a.md",
            item(
                "A-1",
                "",
                &[
                    "https://e.gov.cn/x.html",
                    "attachments/2026/没有这个文件.pdf",
                ],
            ),
        )],
        &[],
    );
    let text = failed("check", dir.path());
    assert!(
        text.contains("content/items/a.md:15:9: error: attachment `attachments/2026/没有这个文件.pdf`: there is no file content/attachments/2026/没有这个文件.pdf"),
        "{text}"
    );
    // The caret underlines the path.
    assert!(
        text.contains("15 |       - attachments/2026/没有这个文件.pdf\n"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_refused_wherever_they_point() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.pdf"), b"%PDF-1.4 secret\n").unwrap();
    std::fs::create_dir(outside.path().join("folder")).unwrap();
    std::fs::write(outside.path().join("folder/b.pdf"), b"%PDF-1.4 secret\n").unwrap();
    let cases = [
        ("a.pdf", outside.path().join("secret.pdf")),
        ("dir", outside.path().join("folder")),
    ];
    for (link, target) in cases {
        let evidence = if link == "dir" {
            "attachments/dir/b.pdf"
        } else {
            "attachments/a.pdf"
        };
        let dir = site(&[("a.md", item("A-1", "", &[evidence]))], &[]);
        std::os::unix::fs::symlink(&target, dir.path().join("content/attachments").join(link))
            .unwrap();
        let text = failed("build", dir.path());
        assert!(
            text.contains(&format!(
                "error: attachment `{evidence}`: content/attachments/{link} is a symbolic link"
            )),
            "{text}"
        );
    }
    // Even a link to a file inside the folder: attachments are real files.
    let dir = site(
        &[("a.md", item("A-1", "", &["attachments/b.pdf"]))],
        &[("a.pdf", b"%PDF-1.4\n".to_vec())],
    );
    std::os::unix::fs::symlink("a.pdf", dir.path().join("content/attachments/b.pdf")).unwrap();
    assert!(failed("check", dir.path()).contains("is a symbolic link"));
}

// ---- what is published ------------------------------------------------------------------

#[test]
fn attachments_of_drafts_and_withdrawn_items_are_not_published() {
    let pdf = b"%PDF-1.4\n%%EOF\n".to_vec();
    let dir = site(
        &[
            ("a.md", item("A-1", "", &["attachments/公开.pdf"])),
            (
                "d.md",
                item("D-1", "draft: true\n", &["attachments/草稿扫描件.pdf"]),
            ),
            (
                "w.md",
                item(
                    "W-1",
                    "withdrawn_on: 2026-07-02\nwithdrawn_reason: 与 A-1 为同一问题。\n",
                    &["attachments/撤回扫描件.pdf"],
                ),
            ),
        ],
        &[
            ("公开.pdf", pdf.clone()),
            ("草稿扫描件.pdf", pdf.clone()),
            ("撤回扫描件.pdf", pdf.clone()),
            ("未引用.pdf", pdf),
        ],
    );
    let (warnings, out) = built(dir.path());
    let published: Vec<String> = walkdir::WalkDir::new(out.join("attachments"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(published, ["公开.pdf"]);
    for secret in ["草稿扫描件", "撤回扫描件", "未引用"] {
        assert!(!warnings.contains(secret), "{warnings}");
    }
}

#[test]
fn unreviewed_attachments_are_warnings_and_review_marks_silence_them() {
    let pdf = b"%PDF-1.4\n%%EOF\n".to_vec();
    let dir = site(
        &[(
            "a.md",
            item(
                "A-1",
                "",
                &[
                    "attachments/2026/0828-会议纪要.pdf",
                    "attachments/2026/身份证扫描.pdf",
                ],
            ),
        )],
        &[
            ("2026/0828-会议纪要.pdf", pdf.clone()),
            ("2026/身份证扫描.pdf", pdf),
        ],
    );
    std::fs::write(
        dir.path().join("content/attachments/reviewed.yaml"),
        "# 已审查的附件\n- file: 2026/0828-会议纪要.pdf\n  reviewed_by: 办公室（保密审查）\n  reviewed_on: 2026-08-29\n\
         - file: 2026/已删除.pdf\n  reviewed_by: 办公室（保密审查）\n  reviewed_on: 2026-08-29\n",
    )
    .unwrap();
    for command in ["check", "build"] {
        let (output, _) = run(command, dir.path());
        let text = stderr(&output);
        assert!(output.status.success(), "{text}");
        assert!(
            text.contains("content/attachments/2026/身份证扫描.pdf: warning: attachment not marked as reviewed: a text scan cannot read a scanned ID card"),
            "{text}"
        );
        assert!(!text.contains("0828-会议纪要.pdf: warning"), "{text}");
        assert!(
            text.contains("content/attachments/reviewed.yaml:5:9: warning: there is no file content/attachments/2026/已删除.pdf"),
            "{text}"
        );
    }
}

#[test]
fn malformed_review_marks_are_errors_with_their_line() {
    let dir = site(
        &[("a.md", item("A-1", "", &["attachments/a.pdf"]))],
        &[("a.pdf", b"%PDF-1.4\n".to_vec())],
    );
    let marks = dir.path().join("content/attachments/reviewed.yaml");
    std::fs::write(
        &marks,
        "- file: a.pdf\n  reviewed_by: 办公室\n  reviewed_on: 2026-02-30\n  reviewer: 张三\n",
    )
    .unwrap();
    let text = failed("check", dir.path());
    assert!(
        text.contains("content/attachments/reviewed.yaml:3:16: error: `reviewed_on`: 2026-02-30 is not a real calendar date"),
        "{text}"
    );
    assert!(
        text.contains("content/attachments/reviewed.yaml:4:3: error: unknown field `reviewer` in a review mark"),
        "{text}"
    );
    std::fs::write(&marks, "file: a.pdf\nreviewed_by: 办公室\n").unwrap();
    let text = failed("check", dir.path());
    assert!(
        text.contains(
            "content/attachments/reviewed.yaml:1:1: error: reviewed.yaml is a list of marks"
        ),
        "{text}"
    );
}

/// A nine-systems document and a plan's document that name attachments no item names are
/// published too, and linked from the systems and plans pages; a missing one is an error at
/// the document's line.
#[test]
fn documents_of_systems_and_plans_are_published_attachments() {
    let dir = site(
        &[("a.md", item("A-1", "", &[]))],
        &[
            (
                "2026/制度汇编.pdf",
                b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".to_vec(),
            ),
            (
                "2026/实施方案.pdf",
                b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".to_vec(),
            ),
        ],
    );
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/systems")).unwrap();
    std::fs::create_dir_all(root.join("content/plans")).unwrap();
    let site_yaml = format!(
        "{SITE}systems:\n  - id: s1\n    name: 首问责任制\nphases:\n  - id: p1\n    name: 动员\n    start: 2026-04-01\n    end: 2026-05-31\n    deliverable: 实施方案\n    due: 2026-05-31\n"
    );
    std::fs::write(root.join("content/site.yaml"), site_yaml).unwrap();
    std::fs::write(
        root.join("content/systems/o1.yaml"),
        "office: o1\nsystems:\n  - system: s1\n    state: 已建立\n    date: 2026-08-01\n    document: attachments/2026/制度汇编.pdf\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/plans/o1-p1.yaml"),
        "office: o1\nphase: p1\nsubmitted: 2026-05-30\ntitle: 一科实施方案\ndocument: attachments/2026/实施方案.pdf\n",
    )
    .unwrap();
    let (_, out) = built(root);
    for name in ["制度汇编.pdf", "实施方案.pdf"] {
        assert!(
            out.join("attachments/2026").join(name).is_file(),
            "{name} published"
        );
    }
    let office = std::fs::read_to_string(out.join("offices/o1/index.html")).unwrap();
    assert!(
        office.contains("attachments/2026/制度汇编.pdf\""),
        "linked from the office's systems"
    );
    let plans = std::fs::read_to_string(out.join("plans/index.html")).unwrap();
    assert!(
        plans.contains("attachments/2026/实施方案.pdf\""),
        "linked from the plans page"
    );

    std::fs::remove_file(root.join("content/attachments/2026/制度汇编.pdf")).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    let text = failed("check", root);
    assert!(
        text.contains(
            "content/systems/o1.yaml:6:15: error: attachment `attachments/2026/制度汇编.pdf`"
        ),
        "{text}"
    );
}
