//! Small text helpers shared by messages: suggestions for mistyped names.

/// The known names closest to `name` by edit distance (counted in characters, so that one wrong
/// Chinese character is one edit), at most `limit`, nearest first. Names too far away are left out.
///
/// ```
/// let known = ["和平区", "河西区", "河东区", "南开区"];
/// assert_eq!(pairplan::text::closest("河西县", &known, 2), vec!["河西区", "河东区"]);
/// ```
pub fn closest(name: &str, known: &[&str], limit: usize) -> Vec<String> {
    let reach = (name.chars().count() / 2).max(1) + 1;
    let mut scored: Vec<(usize, &str)> = known
        .iter()
        .map(|k| (strsim::levenshtein(name, k), *k))
        .filter(|(d, _)| *d <= reach)
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(limit)
        .map(|(_, k)| k.to_string())
        .collect()
}
