//! The declarative files: a program model (`models/*.toml`) and a dataset manifest (`dataset.toml`),
//! parsed into raw specs. Names in them are checked later, in `validate`.

use serde::Deserialize;

use super::TextFile;
use crate::error::InputProblem;

/// A pairing program as declared in `models/NAME.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramSpec {
    /// The model file, as messages name it (set when read, not written in the file).
    #[serde(skip)]
    pub file: String,
    /// Short name used on the command line.
    pub name: String,
    /// Chinese title.
    pub title: String,
    /// Where in the seed the program is defined.
    pub source: String,
    /// What helpers are called in output.
    pub helper_noun: String,
    /// What recipients are called in output.
    pub recipient_noun: String,
    /// What a unit of an allotment is called (person-times, cadres).
    pub unit_noun: Option<String>,
    /// When the pairings must be in place (YYYY-MM-DD), if the seed sets a deadline.
    pub due: Option<String>,
    /// The helper table and its columns.
    pub helpers: HelperTableSpec,
    /// The recipient table and its columns.
    pub recipients: RecipientTableSpec,
    /// The requirements, in the order they are reported, each with where it stands in the file.
    pub rules: Vec<toml::Spanned<RuleSpec>>,
    /// The line of each rule's `[[rules]]` table (set when read).
    #[serde(skip)]
    pub rule_lines: Vec<u64>,
    /// The weights of the preferences.
    pub costs: CostSpec,
    /// Where the program stands in every output: lower first (万企帮万村, the largest, leads);
    /// programs without one come last, by name. A dataset's `order` list overrides it.
    #[serde(default)]
    pub order: Option<i64>,
}

impl ProgramSpec {
    /// Where the helpers' capacity is read, as `FILE: COLUMN`, when a `capacity` rule bounds them:
    /// programs reading the same one share it.
    pub fn capacity_source(&self) -> Option<String> {
        self.rules
            .iter()
            .any(|r| matches!(r.get_ref(), RuleSpec::Capacity { .. }))
            .then(|| format!("{}: {}", self.helpers.file, self.helpers.capacity))
    }
}

/// Which file and columns describe the helpers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelperTableSpec {
    /// File in the dataset.
    pub file: String,
    /// Identifier column.
    pub id: String,
    /// Display-name column.
    pub name: String,
    /// Column naming the helper's district (a cell may be empty for a city-level helper); absent when
    /// no helper of the program belongs to a district.
    pub district: Option<String>,
    /// Column naming the mobilising unit (may be empty in a row).
    pub unit: Option<String>,
    /// Column with the capacity.
    pub capacity: String,
    /// Column with `;`-separated skills.
    pub skills: Option<String>,
    /// Only the rows another table lists take part (the hospitals of one team out of the one
    /// hospitals table); absent: every row.
    pub members: Option<MembersSpec>,
    /// Only the rows whose cell in this yes/no column says 是 take part (the general hospitals,
    /// for a county hospital's team: a specialty hospital lacks what a general team needs).
    pub only_if: Option<String>,
}

/// The helpers a program takes from a shared table: those a column of another table names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembersSpec {
    /// File in the dataset listing the members (a name may repeat, e.g. in a table of pairs).
    pub file: String,
    /// Its column naming them.
    pub column: String,
    /// What the column holds: the helpers' `id` (default) or their `name`.
    #[serde(default)]
    pub by: MemberKey,
}

/// How a members table names a helper.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberKey {
    /// By the helper's id.
    #[default]
    Id,
    /// By the helper's name (which must then be unique in the helpers table).
    Name,
}

/// Where a post's tenure is written: its months, and the clause that sets them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenureSpec {
    /// Column of the tenure in months (an empty cell: no single tenure, such as 柔性 talents'
    /// "1年以上 … 其余1个月以上").
    pub months: String,
    /// Column quoting the clause that sets it (附件1 二(一)1 援派时间3年).
    pub clause: String,
}

/// Which file and columns describe the recipients.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipientTableSpec {
    /// File in the dataset.
    pub file: String,
    /// Identifier column.
    pub id: String,
    /// Display-name column.
    pub name: String,
    /// Column naming the county of the pairing map (a cell may be empty for a recipient outside
    /// it); absent when no recipient of the program lies in a county of the map.
    pub county: Option<String>,
    /// Column with the main trait (industry, speciality).
    pub main_trait: Option<String>,
    /// Column naming the region of a recipient outside the county map (a post in 西藏昌都, a group
    /// from 甘肃省): its paired districts are its own, and others serve it off the map. A prefecture
    /// or province of the map, or a region of the dataset's `regions` table; empty for none.
    pub region: Option<String>,
    /// The columns giving each post's tenure (任期: 援派时间3年, 挂职时间半年…), for a program
    /// whose recipients are posts that people hold for a time; absent when nobody's posting ends
    /// (a team's person-times are counted per year).
    pub tenure: Option<TenureSpec>,
    /// An official table of how many recipients each province must have.
    pub province_totals: Option<KeyedColumn>,
}

/// A table column keyed by another column, e.g. `quota` keyed by `district`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyedColumn {
    /// File in the dataset.
    pub file: String,
    /// Column holding the key.
    pub key: String,
    /// Column holding the number.
    pub value: String,
    /// Where the seed sets the rule that reads it (for a rule's table), quoted by its findings.
    #[serde(default)]
    pub source: Option<String>,
}

impl RuleSpec {
    /// The dataset file the rule reads, if any.
    pub fn file(&self) -> Option<&str> {
        match self {
            RuleSpec::DistrictQuota(table)
            | RuleSpec::UnitMinimum(table)
            | RuleSpec::RecipientDemand(table)
            | RuleSpec::NamedSenders(table)
            | RuleSpec::TotalUnits(table) => Some(&table.file),
            RuleSpec::AllowedPairs { file, .. }
            | RuleSpec::ForbiddenPairs { file, .. }
            | RuleSpec::FixedPairs { file, .. } => Some(file),
            RuleSpec::Coverage { .. }
            | RuleSpec::Capacity { .. }
            | RuleSpec::HelperPartners { .. }
            | RuleSpec::MemberMinimum { .. }
            | RuleSpec::PairsOf { .. }
            | RuleSpec::RecipientUnits { .. } => None,
        }
    }

    /// The rule's name, as a model file writes it (`rule = "unit_minimum"`).
    pub fn name(&self) -> &'static str {
        match self {
            RuleSpec::DistrictQuota(_) => "district_quota",
            RuleSpec::UnitMinimum(_) => "unit_minimum",
            RuleSpec::RecipientDemand(_) => "recipient_demand",
            RuleSpec::NamedSenders(_) => "named_senders",
            RuleSpec::TotalUnits(_) => "total_units",
            RuleSpec::AllowedPairs { .. } => "allowed_pairs",
            RuleSpec::ForbiddenPairs { .. } => "forbidden_pairs",
            RuleSpec::FixedPairs { .. } => "fixed_pairs",
            RuleSpec::Coverage { .. } => "coverage",
            RuleSpec::Capacity { .. } => "capacity",
            RuleSpec::HelperPartners { .. } => "helper_partners",
            RuleSpec::MemberMinimum { .. } => "member_minimum",
            RuleSpec::PairsOf { .. } => "pairs_of",
            RuleSpec::RecipientUnits { .. } => "recipient_units",
        }
    }

    /// Where the seed sets the rule, if the model says.
    pub fn source(&self) -> Option<&str> {
        match self {
            RuleSpec::DistrictQuota(table)
            | RuleSpec::UnitMinimum(table)
            | RuleSpec::RecipientDemand(table)
            | RuleSpec::NamedSenders(table)
            | RuleSpec::TotalUnits(table) => table.source.as_deref(),
            RuleSpec::Coverage { source, .. }
            | RuleSpec::Capacity { source }
            | RuleSpec::HelperPartners { source, .. }
            | RuleSpec::MemberMinimum { source, .. }
            | RuleSpec::RecipientUnits { source, .. }
            | RuleSpec::AllowedPairs { source, .. }
            | RuleSpec::ForbiddenPairs { source, .. }
            | RuleSpec::FixedPairs { source, .. }
            | RuleSpec::PairsOf { source, .. } => source.as_deref(),
        }
    }
}

/// A rule as written in a model file.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum RuleSpec {
    /// Every recipient has between `min` and `max` helpers.
    Coverage {
        /// Fewest helpers.
        min: u32,
        /// Most helpers, if the seed sets a most (县级医院结对 sets none: 至少一家).
        #[serde(default)]
        max: Option<u32>,
        /// Where the seed sets this rule (附件1 二(一)5), quoted by every finding it gives.
        #[serde(default)]
        source: Option<String>,
    },
    /// Each district serves exactly its quota.
    DistrictQuota(
        /// Where the quotas are.
        KeyedColumn,
    ),
    /// Each unit serves at least its minimum.
    UnitMinimum(
        /// Where the minimums are.
        KeyedColumn,
    ),
    /// No helper above its capacity. Written with braces so that a key given with it (`max = 0`)
    /// is an error, not ignored.
    Capacity {
        /// Where the seed sets this rule (附件1 二(一)5), quoted by every finding it gives.
        #[serde(default)]
        source: Option<String>,
    },
    /// Each helper paired with at most `max` recipients.
    HelperPartners {
        /// Most recipients per helper.
        max: u32,
        /// Where the seed sets this rule (附件1 二(一)5), quoted by every finding it gives.
        #[serde(default)]
        source: Option<String>,
    },
    /// A helper on a recipient's team sends at least `min` units, or none.
    MemberMinimum {
        /// Fewest units per pair that exists.
        min: u32,
        /// Where the seed (or the model's choice) sets this rule, quoted by every finding it gives.
        #[serde(default)]
        source: Option<String>,
    },
    /// Each recipient receives between `min` and `max` units.
    RecipientUnits {
        /// Fewest units.
        min: u32,
        /// Most units.
        max: Option<u32>,
        /// Where the seed sets this rule (附件1 二(一)5), quoted by every finding it gives.
        #[serde(default)]
        source: Option<String>,
    },
    /// Each recipient (keyed by id) receives exactly the units of its row.
    RecipientDemand(
        /// Where the demands are.
        KeyedColumn,
    ),
    /// All units add up to the value of the row keyed by the program's name.
    TotalUnits(
        /// Where the total is.
        KeyedColumn,
    ),
    /// Only the pairs of a candidate file (`helper_id, recipient_id, cost`) are allowed.
    AllowedPairs {
        /// The candidate-pairs file in the dataset.
        file: String,
        /// Where the seed sets this rule (附件1 二(一)5), quoted by every finding it gives.
        #[serde(default)]
        source: Option<String>,
    },
    /// The pairs of a file (`helper_id, recipient_id`) may not be used.
    ForbiddenPairs {
        /// The file in the dataset.
        file: String,
        /// Where the seed sets this rule (附件1 二(一)5), quoted by every finding it gives.
        #[serde(default)]
        source: Option<String>,
    },
    /// The recipients of a file (keyed by id) take units only from the senders its `value` column
    /// names (`、`-separated: a helper's name, a district's name for its helpers, 各区 for every
    /// district's helpers, 各部门 or 各单位 for anyone).
    NamedSenders(
        /// Where the senders are.
        KeyedColumn,
    ),
    /// The pairs are exactly those of another program's plan (same helper and recipient tables).
    PairsOf {
        /// The program followed.
        program: String,
        /// Where the seed sets this rule, quoted by every finding it gives.
        #[serde(default)]
        source: Option<String>,
    },
    /// The pairs of a file (`helper_id, recipient_id`) must be kept.
    FixedPairs {
        /// The file in the dataset.
        file: String,
        /// Where the seed sets this rule (附件1 二(一)5), quoted by every finding it gives.
        #[serde(default)]
        source: Option<String>,
    },
}

/// Preference weights as written in a model file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostSpec {
    /// Cost of an off-map pairing; absent forbids them.
    pub off_map: Option<f64>,
    /// Cost of a pairing with no skill matching the recipient's trait.
    #[serde(default)]
    pub trait_mismatch: f64,
    /// Weight of Σ load² / capacity.
    #[serde(default)]
    pub balance: f64,
    /// Cost of one unit of a previous pairing not kept (`plan --previous`); absent: the default.
    pub change: Option<f64>,
}

/// A dataset's manifest, `dataset.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetSpec {
    /// Short name, e.g. `tianjin-2019`.
    pub name: String,
    /// What the dataset is.
    pub title: String,
    /// The programs this dataset carries data for; absent means every program of the models.
    pub programs: Option<Vec<String>>,
    /// The order the programs are shown in, overriding the models' `order` keys (programs not
    /// named follow, in the models' order).
    #[serde(default)]
    pub order: Option<Vec<String>>,
    /// The existing-pairings ledger that `check` audits by default.
    pub ledger: Option<String>,
    /// Tables that end with a declared total row (合计).
    #[serde(default)]
    pub totals: Vec<TotalTableSpec>,
    /// Target tables without pairing (labour, consumption), checked against actual figures.
    #[serde(default)]
    pub targets: Vec<TargetTableSpec>,
    /// The official tables: file → where the seed gives it. Summaries call every other input
    /// synthetic (rows labelled `source` = synthetic) or given (the planners' own).
    #[serde(default)]
    pub official: std::collections::BTreeMap<String, String>,
    /// A table of other names for districts, units and counties (`kind, alias, name`): the seed
    /// writes 市农委 and 市农业农村委, the NBS codes 张家川回族自治县 for the seed's 张家川县.
    pub aliases: Option<String>,
    /// A table of the regions outside the county map and the districts paired with each
    /// (`region, district`: 西藏昌都 ← 武清区…, from 附件3 三(一)). A post or a group of cadres
    /// names its region; a prefecture or province of the county map needs no row here.
    pub regions: Option<String>,
    /// Totals the seed states across programs (97 doctors for Gansu = the Gannan team's 39 + the
    /// county teams' 58), checked against the programs' own numbers.
    #[serde(default)]
    pub reconcile: Vec<ReconcileSpec>,
    /// Requirements the seed names without a number to plan or check by: listed, not invented.
    #[serde(default)]
    pub named: Vec<NamedSpec>,
    /// A table of the plans' dated tasks (`id, title, owner, due, repeats, kind, clause,
    /// reading`): what falls due when, and who answers for it (`pairplan due`).
    pub calendar: Option<String>,
}

/// A total the seed states over several programs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReconcileSpec {
    /// What it counts, in the seed's words.
    pub title: String,
    /// The seed clause.
    pub source: String,
    /// The total as stated.
    pub total: u32,
    /// The programs whose units (posts' demands, or stated totals) add up to it.
    pub programs: Vec<String>,
    /// Set when the seed's parts and its total disagree: why, kept as a note.
    pub known_mismatch: Option<String>,
    /// The total is a floor (不少于) that more than these programs count toward: their sum at or
    /// below it agrees with the seed (`known_mismatch` then says what else counts).
    #[serde(default)]
    pub floor: bool,
}

/// A requirement the seed names without numbers.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct NamedSpec {
    /// A short name.
    pub name: String,
    /// Its title, in the seed's words.
    pub title: String,
    /// The seed clause.
    pub source: String,
    /// Why it is not a program or a target table.
    pub why: String,
}

/// A target table: what districts, counties, units or the city must reach, by when. Its targets come
/// from a per-district table (`file`, `key`: one numeric column per indicator, as the seed prints
/// labour's and consumption's), from `[[targets.require]]` entries, or from both.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetTableSpec {
    /// Short name used in actuals files, e.g. `consumption`.
    pub name: String,
    /// Chinese title.
    pub title: String,
    /// Where in the seed the targets are set.
    pub source: String,
    /// A per-district table in the dataset (one row per district, one column per indicator).
    pub file: Option<String>,
    /// Its column naming the district.
    pub key: Option<String>,
    /// When the whole target is due (YYYY-MM-DD).
    pub due: String,
    /// Optional table of interim milestones: `by_date, share_of_target`.
    pub milestones: Option<String>,
    /// What each indicator counts, in words (`to_tianjin` = 来津就业（人）).
    #[serde(default)]
    pub indicators: std::collections::BTreeMap<String, String>,
    /// Requirements stated as rules: one indicator, for a set of subjects, bounded.
    #[serde(default)]
    pub require: Vec<RequirementSpec>,
}

/// One requirement of a target table, as the seed states it: "each paired county at least 150",
/// "the city at least 5000 in all", "at least 30% of those trained".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementSpec {
    /// The indicator it bounds (a key of the table's `indicators`).
    pub indicator: String,
    /// Whom it applies to: `city`, `districts`, `counties`, `district_counties` (each district with
    /// each of its paired counties), or a list of names (units, regions).
    #[serde(rename = "for")]
    pub subjects: SubjectsSpec,
    /// With `counties` or `district_counties`: only the counties of these provinces.
    #[serde(default)]
    pub provinces: Vec<String>,
    /// The figure must be at least this.
    pub at_least: Option<f64>,
    /// The figure must be more than this (the seed's 超过, 10余个).
    pub more_than: Option<f64>,
    /// The figure must be at most this (a subsidy rate).
    pub at_most: Option<f64>,
    /// The bound is a share of another indicator of the same subject (30% of those trained).
    pub share_of: Option<String>,
    /// The figure of `share_of` is the city's, reported once (a national average), not the
    /// subject's own.
    #[serde(default)]
    pub share_of_city: bool,
    /// For a city line: the subjects whose figures add up to it when the city reports none.
    pub sum_of: Option<SubjectsSpec>,
    /// For a line that stands for an average (县均): the subjects whose figures are averaged, all of
    /// which must be reported.
    pub mean_of: Option<SubjectsSpec>,
    /// With `counties` or `district_counties`: only the counties whose deep-poverty flag is this
    /// (the 100 and 150 tiers of the leaders' training).
    pub deep_poverty: Option<bool>,
    /// How firmly the seed states it: `firm` (the default), `stretch` (力争), `estimate` (预计) or
    /// `done` (已…).
    #[serde(default)]
    pub reading: crate::domain::TargetReading,
    /// When it is due, if not the table's date.
    pub due: Option<String>,
    /// The seed clause.
    pub source: String,
}

/// A set of subjects: a scope word or a list of names.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum SubjectsSpec {
    /// `city`, `districts`, `counties` or `district_counties`.
    Scope(String),
    /// Names as they are reported (市人社局, 和田地区).
    Named(Vec<String>),
}

/// A table whose last row declares the total of the rows above it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TotalTableSpec {
    /// File in the dataset.
    pub file: String,
    /// Column whose cell reads `合计` in the total row.
    pub key: String,
    /// Set when the source itself prints a total that differs from its rows: the reason, kept so that
    /// the discrepancy is reported as a note instead of rejecting the official table.
    pub known_mismatch: Option<String>,
}

/// Parses a program model, noting its file name and where each rule stands.
pub fn parse_program(file: &TextFile) -> Result<ProgramSpec, InputProblem> {
    let mut spec: ProgramSpec = parse_toml(file).map_err(|problem| locate_rule(file, problem))?;
    spec.file = file.name.clone();
    spec.rule_lines = spec
        .rules
        .iter()
        .map(|rule| line_at(&file.text, rule.span().start))
        .collect();
    Ok(spec)
}

/// A rule's error is reported by serde for the whole `rules` array: find the rule that fails on
/// its own and point at it ([`locate_block`]).
fn locate_rule(file: &TextFile, problem: InputProblem) -> InputProblem {
    locate_block(file, problem, "rules", |rule| {
        RuleSpec::deserialize(rule.clone()).is_err()
    })
}

/// An error serde reports for a whole array of tables (`[[rules]]`, `[[edits]]`) points at the
/// block that fails on its own (`fails`), and within it at the line of the key it names or whose
/// value it quotes, when there is one: a planner fixes the line shown, not the first block.
pub(crate) fn locate_block(
    file: &TextFile,
    mut problem: InputProblem,
    key: &str,
    fails: impl Fn(&toml::Value) -> bool,
) -> InputProblem {
    let Ok(table) = toml::from_str::<toml::Table>(&file.text) else {
        return problem;
    };
    let Some(toml::Value::Array(blocks)) = table.get(key) else {
        return problem;
    };
    let header = format!("[[{key}]]");
    let headers: Vec<usize> = file
        .text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.trim() == header)
        .map(|(i, _)| i)
        .collect();
    let (Some(i), true) = (blocks.iter().position(fails), headers.len() == blocks.len()) else {
        return problem;
    };
    let header_line = headers[i] as u64 + 1;
    problem.line = Some(header_line);
    // The line of the key the message is about, within the block.
    if let Some(found) = problem.found.as_deref().or(problem.column.as_deref()) {
        let found = found.trim_matches('"');
        let is_at = |line: &str| {
            let (name, value) = line.split_once('=').unwrap_or((line, ""));
            name.trim() == found || value.trim().trim_matches('"') == found
        };
        if let Some((at, _)) = block_lines(&file.text, header_line).find(|(_, l)| is_at(l)) {
            problem.line = Some(at);
        }
    }
    problem
}

/// The lines of the table whose header is on line `header` (1-based; 0 for the keys above the
/// first table), each with its line: up to the next table header.
pub(crate) fn block_lines(text: &str, header: u64) -> impl Iterator<Item = (u64, &str)> {
    text.lines()
        .enumerate()
        .skip(usize::try_from(header).unwrap_or(usize::MAX))
        .take_while(|(_, line)| !line.trim_start().starts_with('['))
        .map(|(i, line)| (i as u64 + 1, line))
}

/// The 1-based line of a byte offset.
pub(crate) fn line_at(text: &str, offset: usize) -> u64 {
    text.get(..offset)
        .map_or(0, |before| before.matches('\n').count()) as u64
        + 1
}

/// Parses a TOML file into a spec, locating syntax and schema errors by line and saying them in
/// the planner's language ([`toml_reason`]).
pub fn parse_toml<T: for<'de> Deserialize<'de>>(file: &TextFile) -> Result<T, InputProblem> {
    toml::from_str(&file.text).map_err(|err| {
        let line = err.span().map(|span| line_at(&file.text, span.start));
        // The line where the parser stopped, for a syntax error that quotes nothing itself (not
        // for a missing key, whose line is only where its table starts).
        let at = err
            .span()
            .and_then(|span| {
                let start = file
                    .text
                    .get(..span.start)?
                    .rfind('\n')
                    .map_or(0, |i| i + 1);
                file.text.get(start..)?.lines().next()
            })
            .map(|line| line.trim_matches(|c: char| c.is_ascii_whitespace()))
            .filter(|line| !line.is_empty() && !err.message().starts_with("missing field"));
        let (expected, found) = reason_at(err.message(), at);
        InputProblem {
            file: file.name.clone(),
            line,
            column: None,
            found,
            expected,
        }
    })
}

/// [`toml_reason`], told by the line where the parser stopped (`at`) what the message alone does
/// not say: full-width characters, a number with words after it, the key given twice, the value
/// written.
fn reason_at(message: &str, at: Option<&str>) -> (String, Option<String>) {
    match toml_reason(message) {
        // Full-width characters (＝, ２０, “”) look right and are not TOML: say so.
        (_, found) if at.is_some_and(|line| has_full_width(outside_quotes(line))) => (
            crate::tr!("toml-half-width"),
            found.or(at.map(String::from)),
        ),
        // `amount = 20 个`: a number with words after it.
        (_, None)
            if message.starts_with("string values must be quoted")
                && at.is_some_and(|line| {
                    line.split_once('=').is_some_and(|(_, value)| {
                        value.trim_start().starts_with(|c: char| c.is_ascii_digit())
                    })
                }) =>
        {
            (crate::tr!("toml-number-alone"), at.map(String::from))
        }
        // A key given twice: name it.
        (_, None) if message.starts_with("duplicate key") => {
            let key = at
                .and_then(|line| line.split_once('='))
                .map(|(key, _)| key.trim());
            (
                crate::tr!("toml-duplicate-key", key = key.unwrap_or_default()),
                None,
            )
        }
        // The value written, or the whole line where it has no `=` to read a value after.
        (expected, None) => (
            expected,
            at.map(|line| line.split_once('=').map_or(line, |(_, value)| value.trim()))
                .filter(|found| !found.is_empty())
                .map(String::from),
        ),
        reason => reason,
    }
}

/// What a TOML error message of the `toml` crate (serde's words, in English) expects and what it
/// found, in the catalogue's words for the shapes a hand-written file meets: an unknown key or
/// value, a missing key, a value of the wrong kind, a key given twice, text without quotes, a
/// bracket or quote not closed. Any other message is kept whole, as well-formed TOML expected.
fn toml_reason(message: &str) -> (String, Option<String>) {
    let message = message.trim();
    let quoted = |text: &str| -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    // Keys and values are what a planner types: in backticks, in either language.
    let names = |text: &str| {
        quoted(text)
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(crate::i18n::list_separator())
    };
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (found, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let found = quoted(found).into_iter().next();
        return (crate::tr!("toml-one-of", names = names(expected)), found);
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (found, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let found = quoted(found).into_iter().next();
        return (crate::tr!("toml-known-key", names = names(expected)), found);
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let key = quoted(rest).into_iter().next().unwrap_or_default();
        return (crate::tr!("toml-missing-key", key = key), None);
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            return wrong_value(rest);
        }
    }
    if message.starts_with("duplicate key") {
        return (crate::tr!("toml-duplicate-key", key = "…"), None);
    }
    if message.starts_with("invalid unquoted key") {
        return (crate::tr!("toml-key-characters"), None);
    }
    if message.starts_with("string values must be quoted") {
        return (crate::tr!("toml-quote-text"), None);
    }
    if let Some((_, token)) = message.rsplit_once(", expected `") {
        if let Some(token) = token.strip_suffix('`') {
            return (crate::tr!("toml-token", token = token), None);
        }
    }
    (
        crate::tr!("toml-syntax", detail = crate::error::excerpt_long(message)),
        None,
    )
}

/// A value of the wrong kind or out of range (serde's `invalid type: …, expected …` or `invalid
/// value: …`): what was expected, in the catalogue's words, and the value found.
fn wrong_value(rest: &str) -> (String, Option<String>) {
    let quoted = |text: &str| text.split('`').nth(1).map(str::to_string);
    let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
    let kind = toml_kind(expected);
    if let Some(text) = found.strip_prefix("string \"") {
        let text = text.trim_end_matches('"').to_string();
        // A number written in quotes: the quotes are the mistake.
        let expected = if text.trim().parse::<f64>().is_ok() && is_number_kind(expected) {
            crate::tr!("toml-without-quotes", kind = kind)
        } else {
            kind
        };
        return (expected, Some(format!("\"{text}\"")));
    }
    if found.trim() == "map" && expected.trim().starts_with("a sequence") {
        return (
            crate::tr!("toml-blocks"),
            Some(crate::tr!("toml-found-table")),
        );
    }
    let value = quoted(found).unwrap_or_else(|| match found.trim() {
        "map" => crate::tr!("toml-found-table"),
        "sequence" => crate::tr!("toml-found-list"),
        other => other.to_string(),
    });
    (kind, Some(value))
}

/// Whether text holds a full-width form of an ASCII character, the ideographic space or Chinese
/// quotes — what a Chinese input method types for `=`, digits, brackets and `"`.
fn has_full_width(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{ff01}'..='\u{ff5e}').contains(&c) || "\u{3000}“”【】".contains(c))
}

/// A line with what stands between ASCII double quotes left out: full-width characters inside a
/// quoted text are the text's own.
fn outside_quotes(line: &str) -> &str {
    // Before the first quote is where `＝` or `【` would be; a quoted value's text is its own.
    line.split('"').next().unwrap_or(line)
}

/// Whether serde expected a number.
fn is_number_kind(expected: &str) -> bool {
    let kind = expected.trim();
    kind.starts_with('u') || kind.starts_with('i') || kind.starts_with('f') || kind == "a float"
}

/// The kind of value serde expected (`u32`, `a string`…), in the catalogue's words.
fn toml_kind(expected: &str) -> String {
    match expected.trim() {
        "u8" | "u16" | "u32" | "u64" | "usize" => crate::tr!("toml-whole-number"),
        "i8" | "i16" | "i32" | "i64" | "isize" => crate::tr!("toml-integer"),
        "f32" | "f64" | "a float" => crate::tr!("toml-number"),
        "a string" | "a borrowed string" => crate::tr!("toml-text"),
        "a boolean" => crate::tr!("toml-boolean"),
        kind if kind.starts_with("a sequence") => crate::tr!("toml-list"),
        kind if kind.starts_with("struct ") || kind.starts_with("a map") => {
            crate::tr!("toml-table")
        }
        // What toml asks of a number it cannot hold (past 64 bits).
        "any value" => crate::tr!("toml-number-in-range"),
        other => crate::tr!("toml-syntax", detail = other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_of(text: &str) -> Result<Vec<(u64, String)>, String> {
        let model = format!(
            "name = \"p\"\ntitle = \"t\"\nsource = \"s\"\nhelper_noun = \"h\"\nrecipient_noun = \"r\"\n\
             [helpers]\nfile = \"h.csv\"\nid = \"id\"\nname = \"name\"\ncapacity = \"c\"\n\
             [recipients]\nfile = \"r.csv\"\nid = \"id\"\nname = \"name\"\n\
             [costs]\n{text}"
        );
        let file = TextFile {
            name: "m.toml".into(),
            text: model,
        };
        parse_program(&file)
            .map(|spec| {
                spec.rule_lines
                    .iter()
                    .zip(&spec.rules)
                    .map(|(l, r)| (*l, format!("{:?}", r.get_ref())))
                    .collect()
            })
            .map_err(|p| p.to_string())
    }

    #[test]
    fn toml_errors_say_what_was_expected_and_found_in_the_catalogues_words() {
        crate::i18n::set(crate::i18n::Lang::En);
        let reason = |message: &str| toml_reason(message);
        for (message, expected, found) in [
            (
                "unknown variant `movex`, expected one of `move_quota`, `pin`",
                "one of `move_quota`, `pin`",
                "movex",
            ),
            (
                "invalid type: string \"20\", expected u32",
                "a whole number, 0 or more, written without quotes",
                "\"20\"",
            ),
            (
                "invalid value: integer `-3`, expected u32",
                "a whole number, 0 or more",
                "-3",
            ),
            (
                "invalid type: string \"two\", expected u32",
                "a whole number, 0 or more",
                "\"two\"",
            ),
            (
                "invalid type: map, expected a sequence",
                "blocks written with double brackets [[…]], one per item",
                "a table [ … ]",
            ),
        ] {
            let said = reason(message);
            assert_eq!(
                said,
                (expected.to_string(), Some(found.to_string())),
                "{message}"
            );
        }
        assert!(has_full_width(outside_quotes("amount ＝ 20")));
        assert!(!has_full_width(outside_quotes("title = \"“试点”\"")));
        assert_eq!(
            reason("missing field `to`").0,
            "a line `to = …` (it is missing)"
        );
        assert_eq!(
            reason("unclosed array table, expected `]`").0,
            "“]” here (TOML syntax)"
        );
        assert_eq!(
            reason("something new").0,
            "well-formed TOML (something new)",
            "an unknown shape is kept whole"
        );
    }

    #[test]
    fn rules_know_their_lines_and_refuse_keys_they_do_not_take() {
        let rules = rules_of("\n[[rules]]\nrule = \"capacity\"\n\n[[rules]]\nrule = \"coverage\"\nmin = 1\nmax = 1\n")
            .unwrap();
        assert_eq!(rules.iter().map(|r| r.0).collect::<Vec<_>>(), vec![17, 20]);
        for (extra, accepted) in [
            (
                "rule = \"capacity\"\nmax = 0",
                "expected a key this file takes: `source`, found 'max'",
            ),
            (
                "rule = \"coverage\"\nmin = 1\nmax = 1\nmix = 2",
                "expected a key this file takes: `min`, `max`, `source`, found 'mix'",
            ),
            (
                "rule = \"district_quota\"\nfile = \"a\"\nkey = \"k\"\nvalue = \"v\"\nextra = 1",
                "expected a key this file takes: `file`, `key`, `value`, `source`, found 'extra'",
            ),
        ] {
            let err = rules_of(&format!("[[rules]]\n{extra}\n")).unwrap_err();
            assert!(err.contains(accepted), "{err}");
            assert!(err.contains("m.toml:"), "located: {err}");
        }
    }
}
