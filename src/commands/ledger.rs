//! `gongkai import` and `gongkai export ledger`: the Excel ledger (整改台账) in and out.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use gongkai::ledger::{self, ExportOptions, ImportOptions, LedgerFormat};

use super::{fail, parse_date, print_problems};

/// Arguments of `gongkai import`.
#[derive(clap::Args, Debug)]
pub(crate) struct ImportArgs {
    /// The ledger: an .xlsx workbook or a CSV file saved as “CSV UTF-8”.
    #[arg(value_name = "LEDGER.xlsx|.csv")]
    ledger: PathBuf,
    /// The site folder, the one that holds content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The office (id) of every row, for a sheet without a 责任科室 column.
    #[arg(long, value_name = "ID")]
    office: Option<String>,
    /// Read only this sheet [default: every sheet with a ledger header row].
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// The found date of rows without a 发现日期, and the date of their 整改中 entries
    /// [default: today in the site's time zone].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    found: Option<NaiveDate>,
    /// Report what would be written; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Update records whose id already exists (they are never replaced otherwise).
    #[arg(long)]
    update: bool,
}

/// What `gongkai export` can write.
#[derive(clap::Subcommand, Debug)]
pub(crate) enum ExportWhat {
    /// The rectification ledger (整改台账): a 汇总 sheet and one sheet per office, with the
    /// derived status and overdue columns as of a date. Importing it back changes nothing.
    Ledger(ExportLedgerArgs),
}

/// Arguments of `gongkai export ledger`.
#[derive(clap::Args, Debug)]
pub(crate) struct ExportLedgerArgs {
    #[command(flatten)]
    site: super::SiteArgs,
    /// xlsx: one workbook; csv: a folder with 汇总.csv and one UTF-8 CSV per office.
    #[arg(long, value_name = "FORMAT", value_enum, default_value = "xlsx")]
    format: Format,
    /// Where to write [default: 整改台账-<as-of>.xlsx, or the folder 整改台账-<as-of>].
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Format {
    Xlsx,
    Csv,
}

/// Runs `gongkai import`.
pub(crate) fn import(args: ImportArgs) -> ExitCode {
    let options = ImportOptions {
        root: args.root,
        ledger: args.ledger,
        office: args.office,
        sheet: args.sheet,
        found: args.found,
        dry_run: args.dry_run,
        update: args.update,
    };
    let report = match ledger::import(&options) {
        Ok(report) => report,
        Err(e) => return fail("import", e),
    };
    print_problems(&report.warnings);
    for sheet in &report.skipped_sheets {
        eprintln!("sheet {sheet}: no ledger header row, skipped");
    }
    let verb = if options.dry_run { "would " } else { "" };
    for record in &report.created {
        eprintln!(
            "{verb}create {} ({}) from {}",
            record.id,
            record.path.display(),
            record.row
        );
    }
    for record in &report.updated {
        eprintln!(
            "{verb}update {} ({}) from {}:",
            record.id,
            record.path.display(),
            record.row
        );
        for change in &record.changes {
            eprintln!("    {change}");
        }
    }
    let summary = format!(
        "{} new, {} updated, {} unchanged",
        report.created.len(),
        report.updated.len(),
        report.unchanged.len()
    );
    if options.dry_run {
        eprintln!(
            "import --dry-run: {} changes ({summary}); nothing was written",
            report.changes()
        );
    } else if report.written {
        eprintln!("import: {} changes ({summary})", report.changes());
    } else {
        eprintln!("import: 0 changes ({summary}); nothing was written");
    }
    ExitCode::SUCCESS
}

/// Runs `gongkai export <what>`.
pub(crate) fn export(what: ExportWhat) -> ExitCode {
    let ExportWhat::Ledger(args) = what;
    let options = ExportOptions {
        root: args.site.root,
        as_of: args.site.as_of,
        format: match args.format {
            Format::Xlsx => LedgerFormat::Xlsx,
            Format::Csv => LedgerFormat::Csv,
        },
        output: args.output,
    };
    match ledger::export(&options) {
        Ok(report) => {
            eprintln!(
                "exported {} items to {} as of {} (sheets: {})",
                report.items,
                report.output.display(),
                report.as_of,
                report.sheets.join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail("export", e),
    }
}
