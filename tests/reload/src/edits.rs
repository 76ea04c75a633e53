//! Editing this crate's templates from a test, and putting them back.

use std::fs::{File, FileTimes};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Templates of this crate, restored as they were (text and modification time) when
/// dropped, also when a check fails: so cargo does not rebuild the crate for the edits.
pub struct Edits {
    saved: Vec<(PathBuf, Vec<u8>, SystemTime)>,
    edits: u64,
}

impl Edits {
    /// Keeps `names` (in `templates/`) to edit and restore.
    pub fn of(names: &[&str]) -> Self {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates");
        let saved = names
            .iter()
            .map(|name| {
                let path = dir.join(name);
                let text = std::fs::read(&path).expect("a template");
                let modified = std::fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .expect("a modification time");
                (path, text, modified)
            })
            .collect();
        Edits { saved, edits: 0 }
    }

    /// Writes `text` to template `name`, with a modification time that differs from every
    /// earlier one even on a file system that counts whole seconds.
    pub fn edit(&mut self, name: &str, text: &str) {
        self.edits += 1;
        let (path, _, original) = self
            .saved
            .iter()
            .find(|(p, _, _)| p.ends_with(name))
            .expect("a template kept by `of`");
        std::fs::write(path, text).expect("write");
        set_modified(path, *original + Duration::from_secs(self.edits));
    }
}

impl Drop for Edits {
    fn drop(&mut self) {
        for (path, text, modified) in &self.saved {
            let _ = std::fs::write(path, text);
            set_modified(path, *modified);
        }
    }
}

fn set_modified(path: &Path, time: SystemTime) {
    File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_times(FileTimes::new().set_modified(time)))
        .expect("set the modification time");
}
