//! Problems found in the records, located by file, line and column, and printed the way
//! rustc prints them, so a clerk can go straight to the offending line.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr;

/// How serious a problem is: errors stop the build, warnings are reported and published over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The records cannot be published as they are.
    Error,
    /// Worth a look, but the site can still be built.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in one place of one record file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root (`content/items/ganbu/001.md`).
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column counted in characters, as editors count them.
    pub column: usize,
    /// How many characters the caret underlines (at least one).
    pub width: usize,
    /// The plain-words message.
    pub message: String,
    /// The offending source line, shown under the message.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error at a position; the source line is attached later by [`Diagnostic::with_source`].
    pub fn error(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            line,
            column,
            width: 1,
            message: message.into(),
            source_line: None,
        }
    }

    /// A warning at a position.
    pub fn warning(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    /// Attaches the offending line from the file's text.
    pub fn with_source(mut self, text: &str) -> Self {
        if self.line > 0 {
            self.source_line = text.lines().nth(self.line - 1).map(str::to_owned);
        }
        self
    }

    /// Sets how many characters the caret underlines.
    pub fn with_width(mut self, width: usize) -> Self {
        self.width = width.max(1);
        self
    }

    /// Whether this problem stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col` as editors and terminals understand it.
    pub fn location(&self) -> String {
        let path = self.path.display();
        if self.line == 0 {
            format!("{path}")
        } else {
            format!("{path}:{}:{}", self.line, self.column)
        }
    }

    /// The rustc-like rendering: `path:line:col: error: message`, the line, and a caret.
    pub fn render(&self) -> String {
        let mut out = format!("{}: {}: {}\n", self.location(), self.severity, self.message);
        if let Some(line) = &self.source_line {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            let before: String = line.chars().take(self.column.saturating_sub(1)).collect();
            let underlined: String = line
                .chars()
                .skip(self.column.saturating_sub(1))
                .take(self.width)
                .collect();
            let pad = " ".repeat(before.width());
            let carets = "^".repeat(underlined.width().max(1));
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{number} | {line}");
            let _ = writeln!(out, "{gutter} | {pad}{carets}");
        }
        out
    }
}

/// Sorts problems by path, then line and column, so that a report reads file by file.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
    });
}

/// Renders every problem and a closing count (`2 errors, 1 warning`).
pub fn report(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.render());
        out.push('\n');
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if !diagnostics.is_empty() {
        let _ = writeln!(out, "{}", summary(errors, warnings));
    }
    out
}

/// The closing line of a report.
pub fn summary(errors: usize, warnings: usize) -> String {
    fn plural(n: usize, word: &str) -> String {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    }
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_lines_up_under_chinese_text() {
        let d = Diagnostic::error(Path::new("a.md"), 2, 9, "bad status")
            .with_source("x: 1\nstatus: 已完成\n")
            .with_width(3);
        let text = d.render();
        assert!(text.starts_with("a.md:2:9: error: bad status\n"));
        // "status: " is 8 columns wide; 已完成 is 6 columns wide on a terminal.
        assert!(text.contains("\n  |         ^^^^^^\n"), "{text}");
    }

    #[test]
    fn sorted_by_path_then_line() {
        let mut ds = vec![
            Diagnostic::error(Path::new("b"), 1, 1, "x"),
            Diagnostic::error(Path::new("a"), 9, 1, "x"),
            Diagnostic::error(Path::new("a"), 2, 1, "x"),
        ];
        sort(&mut ds);
        let order: Vec<_> = ds.iter().map(|d| d.location()).collect();
        assert_eq!(order, ["a:2:1", "a:9:1", "b:1:1"]);
    }
}
