//! A benchmark's command line: numbers are sizes to generate (MB), anything else a file to open;
//! options (`--bench`, passed by cargo) are ignored.

/// The sizes (or `default` when nothing is named) and the files.
pub fn sizes_and_files(default: &[usize]) -> (Vec<usize>, Vec<String>) {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let (sizes, files): (Vec<&String>, Vec<&String>) =
        args.iter().partition(|a| a.parse::<usize>().is_ok());
    let sizes = if args.is_empty() {
        default.to_vec()
    } else {
        sizes.iter().filter_map(|a| a.parse().ok()).collect()
    };
    (sizes, files.into_iter().cloned().collect())
}
