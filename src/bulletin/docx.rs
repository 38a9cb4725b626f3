//! The bulletin as a Word file (.docx), made with the `docx-rs` crate from the same
//! [`BulletinDoc`] as the page: A4 with the GB/T 9704 margins (top 37 mm, left 28 mm),
//! title in 小标宋 二号, body in 仿宋 三号, page numbers "— 1 —" in the footer. The file is
//! marked as the web edition: no red letterhead, no seal.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, PageMargin, PageNum, Paragraph, Run, RunFonts, Table,
    TableCell, TableRow, WidthType,
};

use super::page::BulletinDoc;

/// Twentieths of a point per millimetre (Word measures pages in twips).
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

fn mm(v: f64) -> i32 {
    (v * TWIPS_PER_MM).round() as i32
}

/// 二号 (22 pt) and 三号 (16 pt), in Word's half-points; tables in 四号 (14 pt).
const SIZE_TITLE: usize = 44;
const SIZE_BODY: usize = 32;
const SIZE_TABLE: usize = 24;

fn font(name: &str) -> RunFonts {
    RunFonts::new().east_asia(name).ascii(name).hi_ansi(name)
}

fn text(t: &str, face: &str, size: usize) -> Run {
    Run::new().add_text(t).fonts(font(face)).size(size)
}

fn body(t: &str) -> Paragraph {
    Paragraph::new()
        .add_run(text(t, "仿宋_GB2312", SIZE_BODY))
        .first_line_chars(200)
}

fn heading(t: &str) -> Paragraph {
    Paragraph::new().add_run(text(t, "黑体", SIZE_BODY))
}

fn cell(t: &str) -> TableCell {
    TableCell::new().add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(text(
        t,
        "仿宋_GB2312",
        SIZE_TABLE,
    )))
}

/// The figures table: rank, office, the counts, the two rates.
fn figures_table(doc: &BulletinDoc) -> Table {
    let mut header = vec![cell("名次"), cell("科室")];
    header.extend(doc.columns.iter().map(|c| cell(c)));
    header.extend([cell("办结率"), cell("按期办结率")]);
    let mut rows = vec![TableRow::new(header)];
    for row in doc.rows.iter().chain([&doc.totals]) {
        let mut cells = vec![cell(&row.rank), cell(&row.name)];
        cells.extend(row.cells.iter().map(|c| match c.original {
            Some(original) => cell(&format!("{}（原{}）", c.value, original)),
            None => cell(&c.value.to_string()),
        }));
        cells.extend([cell(&row.completion), cell(&row.on_time)]);
        rows.push(TableRow::new(cells));
    }
    Table::new(rows).width(mm(156.0) as usize, WidthType::Dxa)
}

/// A section's table, cell by cell as on the page.
fn section_table(table: &super::sections::DocTable) -> Table {
    let mut rows = vec![TableRow::new(
        table.columns.iter().map(|c| cell(c)).collect(),
    )];
    rows.extend(
        table
            .rows
            .iter()
            .map(|r| TableRow::new(r.iter().map(|c| cell(c)).collect())),
    );
    Table::new(rows).width(mm(156.0) as usize, WidthType::Dxa)
}

/// The Word file's bytes. `date` (YYYY-MM-DD) is written as the document's creation and
/// modification time, so the same bulletin gives the same bytes.
pub fn write(doc: &BulletinDoc, date: &str) -> Result<Vec<u8>, String> {
    let stamp = format!("{date}T00:00:00Z");
    let mut docx = Docx::new()
        .page_size(mm(210.0) as u32, mm(297.0) as u32)
        .page_margin(
            PageMargin::new()
                .top(mm(37.0))
                .left(mm(28.0))
                .bottom(mm(35.0))
                .right(mm(26.0))
                .header(mm(15.0))
                .footer(mm(28.0)),
        )
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(text("— ", "宋体", 28))
                    .add_page_num(PageNum::new())
                    .add_run(text(" —", "宋体", 28)),
            ),
        )
        .created_at(&stamp)
        .updated_at(&stamp);
    docx = docx.add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(text(
        doc.mark,
        "楷体_GB2312",
        SIZE_TABLE,
    )));
    if !doc.number.is_empty() {
        docx = docx.add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(text(
            &doc.number,
            "仿宋_GB2312",
            SIZE_BODY,
        )));
    }
    docx = docx.add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(text(
        &doc.title,
        "方正小标宋简体",
        SIZE_TITLE,
    )));
    if !doc.to.is_empty() {
        docx = docx.add_paragraph(Paragraph::new().add_run(text(
            &format!("{}：", doc.to),
            "仿宋_GB2312",
            SIZE_BODY,
        )));
    }
    docx = docx.add_paragraph(body(&doc.intro));
    docx = docx.add_paragraph(heading(&doc.figures_heading));
    docx = docx.add_table(figures_table(doc));
    docx = docx.add_paragraph(body(&doc.ranking_note));
    for section in &doc.sections {
        docx = docx.add_paragraph(heading(&section.heading));
        for p in &section.paragraphs {
            docx = docx.add_paragraph(body(p));
        }
        if let Some(table) = &section.table {
            docx = docx
                .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(text(
                    &table.caption,
                    "黑体",
                    SIZE_TABLE,
                )))
                .add_table(section_table(table));
        }
    }
    if !doc.commentary_text.is_empty() {
        docx = docx.add_paragraph(heading(&doc.commentary_heading));
        for p in &doc.commentary_text {
            docx = docx.add_paragraph(body(p));
        }
    }
    if !doc.corrections.is_empty() {
        docx = docx.add_paragraph(heading("发布后更正"));
        for c in &doc.corrections {
            docx = docx.add_paragraph(body(&c.text));
        }
    }
    if !doc.issuer.is_empty() {
        docx = docx
            .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::TextWrapping)))
            .add_paragraph(Paragraph::new().align(AlignmentType::Right).add_run(text(
                &doc.issuer,
                "仿宋_GB2312",
                SIZE_BODY,
            )))
            .add_paragraph(Paragraph::new().align(AlignmentType::Right).add_run(text(
                &doc.issued_on,
                "仿宋_GB2312",
                SIZE_BODY,
            )));
    }
    if !doc.cc.is_empty() {
        docx = docx.add_paragraph(Paragraph::new().add_run(text(
            &format!("抄送：{}。", doc.cc),
            "仿宋_GB2312",
            28,
        )));
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(|e| {
        format!(
            "the Word file of the {} bulletin could not be made: {e}",
            doc.quarter
        )
    })?;
    Ok(bytes.into_inner())
}

/// A correction in one sentence, as the page and the Word file both write it.
pub fn correction_text(c: &super::page::DocCorrection) -> String {
    format!(
        "{}更正：{}“{}”原发布为 {}，更正为 {}。{}",
        c.date, c.office, c.figure, c.from, c.to, c.note
    )
}
