//! The manifest of a run: what a plan was made from (the SHA-256 of every input, model and
//! scenario read, the settings, the pairplan version) and what it is (the SHA-256 of its pairings),
//! so that two offices can confirm they made the same plan.

/// What a plan was made from and what it is, to confirm two runs (two offices) made the same plan.
#[derive(Debug, serde::Serialize)]
pub struct Manifest {
    /// The pairplan version.
    pairplan: &'static str,
    /// The settings that shape the plan.
    settings: std::collections::BTreeMap<&'static str, String>,
    /// SHA-256 of every input, model and scenario read, by name.
    inputs: std::collections::BTreeMap<String, String>,
    /// SHA-256 of the pairings as CSV (what `--out FILE.csv` writes): the baseline's, for `whatif`.
    pairings_sha256: String,
    /// `whatif`: SHA-256 of each scenario's pairings CSV, by scenario title.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    scenarios: std::collections::BTreeMap<String, String>,
    /// A planner's own lists: how each sheet was read (its table, each header's column), and the
    /// 2019 tables used for what they leave out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    lists: Vec<String>,
}

impl Manifest {
    /// The manifest of a run with these settings (those not given are left out) whose pairings
    /// CSV is `csv`; every file read so far is among its inputs.
    pub fn new(
        settings: impl IntoIterator<Item = (&'static str, Option<String>)>,
        csv: &[u8],
    ) -> Self {
        Manifest {
            pairplan: env!("CARGO_PKG_VERSION"),
            settings: settings
                .into_iter()
                .filter_map(|(key, value)| Some((key, value?)))
                .collect(),
            inputs: crate::load::file::contents_read(),
            pairings_sha256: sha256(csv),
            scenarios: Default::default(),
            lists: Vec::new(),
        }
    }

    /// Records how a planner's own lists were read.
    pub fn read_lists(&mut self, data: &crate::load::Source) {
        if let crate::load::Source::Own(own) = data {
            self.lists = own.mapping_lines();
        }
    }

    /// Adds a scenario's pairings; a title given twice is told apart by its position.
    pub fn add_scenario(&mut self, title: &str, hash: String) {
        let mut key = title.to_string();
        let mut n = 1;
        while self.scenarios.contains_key(&key) {
            n += 1;
            key = format!("{title} #{n}");
        }
        self.scenarios.insert(key, hash);
    }
}

/// The SHA-256 of some bytes, in lowercase hex.
pub fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}
