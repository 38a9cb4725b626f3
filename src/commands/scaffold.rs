//! `gongkai init`, `gongkai new item|office` and `gongkai schema`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use gongkai::scaffold::{self, NewItem, NewOffice, ScaffoldError, Written};

use super::{parse_date, print_problems};

/// Arguments of `gongkai init`.
#[derive(clap::Args, Debug)]
pub(crate) struct InitArgs {
    /// The folder of the new site; it must be empty or not exist yet.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Take this day as today (for tests) [default: today in Asia/Shanghai].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, hide = true)]
    today: Option<NaiveDate>,
}

/// What `gongkai new` creates.
#[derive(clap::Subcommand, Debug)]
pub(crate) enum NewWhat {
    /// Write a new rectification item for an office, with the next free id.
    ///
    /// The id is <OFFICE-ID-UPPER>-<year>-<NNN>, one more than the highest number used with
    /// that prefix. The item is found today (in the site's time zone), its deadline is the
    /// end of the year, and its timeline starts with a 待整改 entry. Every field is present,
    /// with a comment saying what it takes. The file is
    /// content/items/<office>/<id>.md; the path is printed.
    Item(NewItemArgs),
    /// Write a new office record, content/offices/<id>.yaml; the path is printed.
    ///
    /// Every field is present with a comment saying what it takes; replace the 待填写
    /// placeholders.
    Office(NewOfficeArgs),
}

/// Arguments of `gongkai new item`.
#[derive(clap::Args, Debug)]
pub(crate) struct NewItemArgs {
    /// The id of the responsible office (one of content/offices/*.yaml).
    #[arg(long, value_name = "ID")]
    office: String,
    /// The item's title, one line [default: a placeholder to replace].
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// The site folder, the one that holds content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Take this day as today (for tests) [default: today in the site's time zone].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, hide = true)]
    today: Option<NaiveDate>,
}

/// Arguments of `gongkai new office`.
#[derive(clap::Args, Debug)]
pub(crate) struct NewOfficeArgs {
    /// The office's id: ASCII letters, digits, `-` or `_`, e.g. ganbu1 [default: the first
    /// free office1, office2, …].
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    id: Option<String>,
    /// The office's name, e.g. 干部一科 [default: a placeholder to replace].
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// The site folder, the one that holds content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
}

/// Arguments of `gongkai schema`.
#[derive(clap::Args, Debug)]
pub(crate) struct SchemaArgs {
    /// Where to write site.schema.json, office.schema.json and item.schema.json.
    #[arg(long, value_name = "DIR", default_value = "schemas")]
    output: PathBuf,
}

fn parse_id(text: &str) -> Result<String, String> {
    if gongkai::yaml::is_valid_id(text) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "`{text}` is not a valid id: use 1 to 64 ASCII letters, digits, `-` or `_`, e.g. ganbu1"
        ))
    }
}

/// Runs `gongkai init`.
pub(crate) fn init(args: InitArgs) -> ExitCode {
    let today = args.today.unwrap_or_else(|| {
        chrono::Utc::now()
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .date_naive()
    });
    match scaffold::init(&args.dir, today) {
        Ok(files) => {
            for file in &files {
                println!("{}", file.display());
            }
            eprintln!(
                "created a new site in {0}: edit content/site.yaml, then run `gongkai check --root {0}` and `gongkai build --root {0}`",
                args.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail("init", e),
    }
}

/// Runs `gongkai new item` or `gongkai new office`.
pub(crate) fn new(what: NewWhat) -> ExitCode {
    let written = match what {
        NewWhat::Item(args) => scaffold::new_item(&NewItem {
            root: args.root,
            office: args.office,
            title: args.title,
            today: args.today,
        }),
        NewWhat::Office(args) => scaffold::new_office(&NewOffice {
            root: args.root,
            id: args.id,
            name: args.name,
        }),
    };
    match written {
        Ok(written) => {
            println!("{}", written.path.display());
            hint_schemas(&written);
            ExitCode::SUCCESS
        }
        Err(e) => fail("new", e),
    }
}

/// Tells the clerk how to get editor checking when the site has no schemas yet.
fn hint_schemas(written: &Written) {
    if !written.schema.is_file() {
        let folder = written.schema.parent().unwrap_or(Path::new("schemas"));
        eprintln!(
            "note: {} has no schema for editors yet; run `gongkai schema --output {}` so that editors complete and check its fields",
            written.id,
            folder.display()
        );
    }
}

/// Runs `gongkai schema`.
pub(crate) fn schema(args: SchemaArgs) -> ExitCode {
    match scaffold::write_schemas(&args.output) {
        Ok(files) => {
            for file in &files {
                println!("{}", file.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail("schema", e),
    }
}

fn fail(verb: &str, error: ScaffoldError) -> ExitCode {
    match error {
        ScaffoldError::Records(problems) => {
            print_problems(&problems);
            eprintln!(
                "{verb} failed: the site's records must be readable first; nothing was written"
            );
            ExitCode::from(1)
        }
        ScaffoldError::Refused(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
        ScaffoldError::Environment(message) => {
            eprintln!("error: {message}");
            ExitCode::from(3)
        }
    }
}
