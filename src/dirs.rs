//! Where sidenote keeps its files: its configuration in the config directory, state (positions,
//! bookmarks, history, the library index) in the data directory, and files it can always make
//! again in the cache directory. Named here once, so they can never disagree on the project's
//! name.

use std::path::PathBuf;

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "sidenote")
}

/// The data directory: `$XDG_DATA_HOME/sidenote` on Linux.
pub fn data() -> Option<PathBuf> {
    project().map(|d| d.data_dir().to_path_buf())
}

/// The cache directory: `$XDG_CACHE_HOME/sidenote` on Linux. Anything in it may be deleted.
pub fn cache() -> Option<PathBuf> {
    project().map(|d| d.cache_dir().to_path_buf())
}

/// The configuration directory: `$XDG_CONFIG_HOME/sidenote` on Linux.
pub fn config() -> Option<PathBuf> {
    project().map(|d| d.config_dir().to_path_buf())
}

/// `path` with a leading `~/` made the home directory, as a shell would.
pub fn expand_home(path: &std::path::Path) -> PathBuf {
    match (path.strip_prefix("~"), directories::BaseDirs::new()) {
        (Ok(rest), Some(b)) => b.home_dir().join(rest),
        _ => path.to_path_buf(),
    }
}
