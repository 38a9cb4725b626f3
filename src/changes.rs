//! What changed since the last publication (本次更新): the records added, changed and removed,
//! found by comparing this build's record hashes with the previous manifest's.

use std::collections::BTreeMap;

use crate::manifest::{Manifest, RecordDigest};

/// The difference between two publications' records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// The previous publication's as-of date; `None` for a first publication.
    pub previous_as_of: Option<String>,
    /// Records new in this publication.
    pub added: Vec<RecordDigest>,
    /// Records whose content changed.
    pub changed: Vec<RecordDigest>,
    /// Records no longer present (as the previous manifest described them).
    pub removed: Vec<RecordDigest>,
}

impl Changes {
    /// Compares the current records with the previous manifest, if there is one.
    pub fn between(previous: Option<&Manifest>, current: &[RecordDigest]) -> Changes {
        let Some(previous) = previous else {
            return Changes::default();
        };
        let before: BTreeMap<&str, &RecordDigest> = previous
            .records
            .iter()
            .map(|r| (r.path.as_str(), r))
            .collect();
        let now: BTreeMap<&str, &RecordDigest> =
            current.iter().map(|r| (r.path.as_str(), r)).collect();
        let mut changes = Changes {
            previous_as_of: Some(previous.as_of.clone()),
            ..Changes::default()
        };
        for (path, record) in &now {
            match before.get(path) {
                None => changes.added.push((*record).clone()),
                Some(old) if old.sha256 != record.sha256 => changes.changed.push((*record).clone()),
                Some(_) => {}
            }
        }
        changes.removed = before
            .iter()
            .filter(|(p, _)| !now.contains_key(*p))
            .map(|(_, r)| (*r).clone())
            .collect();
        changes
    }

    /// Whether anything changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(path: &str, sha: &str) -> RecordDigest {
        RecordDigest {
            path: path.into(),
            kind: "item".into(),
            id: path.into(),
            title: String::new(),
            sha256: sha.into(),
        }
    }

    #[test]
    fn added_changed_and_removed() {
        let previous = Manifest {
            generator: "gongkai 0".into(),
            as_of: "2026-06-30".into(),
            files: vec![],
            records: vec![record("a", "1"), record("b", "2"), record("c", "3")],
        };
        let now = [record("a", "1"), record("b", "9"), record("d", "4")];
        let c = Changes::between(Some(&previous), &now);
        let paths = |v: &[RecordDigest]| v.iter().map(|r| r.path.clone()).collect::<Vec<_>>();
        assert_eq!(
            (paths(&c.added), paths(&c.changed), paths(&c.removed)),
            (vec!["d".into()], vec!["b".into()], vec!["c".into()])
        );
        assert_eq!(c.previous_as_of.as_deref(), Some("2026-06-30"));
        assert!(Changes::between(None, &now).previous_as_of.is_none());
    }
}
