//! Raw rows → a checked domain [`Instance`]: names resolve to typed ids once, every reference is
//! checked, and all problems of a run are reported together.

pub mod ledger;

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::FastMap;

use crate::domain::{
    Costs, County, CountyId, District, DistrictId, Helper, HelperId, Instance, NotChecked, Origin,
    ProgramInfo, ProgramInput, Recipient, RecipientId, Rule, RuleSet, Skills, Unit, UnitId,
    DEFAULT_CHANGE,
};
use crate::error::{InputErrors, InputProblem, Problems};
use crate::load::{
    parse_program, parse_toml, DatasetSpec, KeyedColumn, MemberKey, MembersSpec, ProgramSpec,
    Record, RuleSpec, Source, Table, TotalTableSpec,
};

/// The pairing map's file in every dataset.
pub const COUNTIES_FILE: &str = "counties.csv";

/// The key that marks a declared total row (合计) in a table.
pub const TOTAL_KEY: &str = "合计";

/// The parts of a dataset shared by every program: districts, units, counties and declared totals.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The manifest.
    pub spec: DatasetSpec,
    /// Districts in file order.
    pub districts: Vec<District>,
    /// City units in file order.
    pub units: Vec<Unit>,
    /// Counties of the pairing map in file order.
    pub counties: Vec<County>,
    /// Declared totals that differ from their rows but are kept as printed in the source.
    pub known_mismatches: Vec<TotalMismatch>,
    /// Other names (`kind` district, unit or county → alias → the name the dataset uses).
    pub aliases: BTreeMap<String, BTreeMap<String, String>>,
    /// Each region a recipient may name → the districts paired with it: the regions table's rows,
    /// then every prefecture and province of the county map (its counties' paired districts).
    pub regions: BTreeMap<String, BTreeSet<DistrictId>>,
}

/// A declared total (合计) that differs from the sum of its table's rows.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalMismatch {
    /// Display name of the file.
    pub file: String,
    /// The file as the manifest names it.
    pub table: String,
    /// Line of the total row.
    pub line: u64,
    /// Column whose total differs.
    pub column: String,
    /// What the column counts, in the words of the target table that reads the file (来津就业（人）);
    /// the column itself when no table describes it.
    pub column_title: String,
    /// The total as printed.
    pub declared: f64,
    /// The sum of the rows.
    pub sum: f64,
    /// Why the table is kept as printed.
    pub reason: String,
}

/// Reads every program model of a models source.
pub fn programs(models: &Source) -> Result<Vec<ProgramSpec>, InputErrors> {
    let mut problems = Problems::default();
    let mut specs = Vec::new();
    for name in models.list(".toml") {
        match models.read(&name).and_then(|file| parse_program(&file)) {
            Ok(spec) => {
                if let Some(first) = specs.iter().find(|s: &&ProgramSpec| s.name == spec.name) {
                    problems.push(InputProblem {
                        file: spec.file.clone(),
                        line: None,
                        column: Some("name".into()),
                        found: Some(spec.name.clone()),
                        expected: crate::tr!("expected-own-program-name", file = &first.file),
                    });
                }
                specs.push(spec);
            }
            Err(problem) => problems.push(problem),
        }
    }
    // In the order the models state, not their file names'.
    specs.sort_by(|a, b| {
        (a.order.is_none(), a.order, &a.name).cmp(&(b.order.is_none(), b.order, &b.name))
    });
    // A program that follows another's pairs reads the same helpers and recipients.
    for spec in &specs {
        for rule in &spec.rules {
            let RuleSpec::PairsOf { program, .. } = rule.get_ref() else {
                continue;
            };
            let same_tables = |other: &&ProgramSpec| {
                other.helpers.file == spec.helpers.file
                    && other.recipients.file == spec.recipients.file
            };
            if !specs.iter().any(|other| {
                &other.name == program && other.name != spec.name && same_tables(&other)
            }) {
                problems.push(InputProblem {
                    file: spec.file.clone(),
                    line: None,
                    column: Some("program".into()),
                    found: Some(program.clone()),
                    expected: crate::tr!(
                        "expected-program-followed",
                        helpers = &spec.helpers.file,
                        recipients = &spec.recipients.file
                    ),
                });
            }
        }
    }
    if specs.is_empty() && problems.is_empty() {
        problems.push(InputProblem::file(
            &models.display_name(""),
            "at least one program model (*.toml)",
        ));
    }
    problems.into_result(specs)
}

/// Reads and checks the dataset-wide tables.
pub fn dataset(data: &Source) -> Result<Dataset, InputErrors> {
    let mut problems = Problems::default();
    let dataset = dataset_partial(data, &mut problems);
    problems.into_result(())?;
    // A missing dataset always comes with a recorded problem, returned above.
    dataset.ok_or_else(|| InputErrors(Vec::new()))
}

/// Reads the dataset-wide tables, keeping what is valid and recording every problem, so that the
/// programs' own files can still be checked in the same run. `None` when the manifest is unreadable.
pub fn dataset_partial(data: &Source, problems: &mut Problems) -> Option<Dataset> {
    let spec = match data
        .read("dataset.toml")
        .and_then(|file| parse_toml::<DatasetSpec>(&file))
    {
        Ok(spec) => spec,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    let problems = &mut *problems;
    let districts = read_districts(data, problems);
    if districts.is_empty() && !problems.is_empty() {
        // Every other table names districts: without them each row would add a problem that only
        // repeats this one.
        return None;
    }
    let district_ids = index_by_name(districts.iter().map(|d| d.name.as_str()));
    let units = read_units(data, &district_ids, problems);
    let counties = read_counties(data, &district_ids, problems);
    let aliases = spec
        .aliases
        .as_deref()
        .map(|file| read_aliases(data, file, &districts, &units, &counties, problems))
        .unwrap_or_default();
    let regions = read_regions(
        data,
        spec.regions.as_deref(),
        &district_ids,
        &counties,
        problems,
    );
    let mut known_mismatches = Vec::new();
    for total in &spec.totals {
        check_declared_total(data, total, &mut known_mismatches, problems);
    }
    for mismatch in &mut known_mismatches {
        if let Some(title) = spec
            .targets
            .iter()
            .filter(|t| t.file.as_deref() == Some(mismatch.table.as_str()))
            .find_map(|t| t.indicators.get(&mismatch.column))
        {
            mismatch.column_title = title.clone();
        }
    }
    // A table declared official must be there: a summary would otherwise cite a clause for nothing.
    for (file, clause) in &spec.official {
        if let Err(mut problem) = data.read(file) {
            problem.expected = format!(
                "{} (declared official in dataset.toml, {clause})",
                problem.expected
            );
            problems.push(problem);
        }
    }
    Some(Dataset {
        spec,
        districts,
        units,
        counties,
        known_mismatches,
        aliases,
        regions,
    })
}

/// The regions recipients may name, each with its paired districts: the regions table (a region
/// outside the county map: `region, district`, a row per district), then the prefectures and
/// provinces of the map, each paired with its counties' districts.
fn read_regions(
    data: &Source,
    file: Option<&str>,
    district_ids: &FastMap<String, usize>,
    counties: &[County],
    problems: &mut Problems,
) -> BTreeMap<String, BTreeSet<DistrictId>> {
    let mut regions: BTreeMap<String, BTreeSet<DistrictId>> = BTreeMap::new();
    if let Some(table) = file.and_then(|file| data.read_table(file, problems)) {
        if let Some(cols) = table.require_columns(&["region", "district"], problems) {
            for record in &table.records {
                let district = resolve(district_ids, "district", &table, record, cols[1], problems);
                if let (Some(region), Some(d)) = (table.text(record, cols[0], problems), district) {
                    regions
                        .entry(region.to_string())
                        .or_default()
                        .insert(DistrictId(d));
                }
            }
        }
    }
    for county in counties {
        for name in [&county.prefecture, &county.province] {
            regions
                .entry(name.clone())
                .or_default()
                .insert(county.paired_district);
        }
    }
    regions
}

/// The kinds of name an alias may stand for.
const ALIAS_KINDS: [&str; 3] = ["district", "unit", "county"];

/// Reads the alias table: each alias of a known kind naming a district, unit or county the dataset
/// has, and no alias given twice.
fn read_aliases(
    data: &Source,
    file: &str,
    districts: &[District],
    units: &[Unit],
    counties: &[County],
    problems: &mut Problems,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut aliases: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let Some(table) = data.read_table(file, problems) else {
        return aliases;
    };
    let Some(cols) = table.require_columns(&["kind", "alias", "name"], problems) else {
        return aliases;
    };
    for record in &table.records {
        let (kind, alias, name) = (
            &record.cells[cols[0]],
            &record.cells[cols[1]],
            &record.cells[cols[2]],
        );
        let known: Vec<&str> = match kind {
            "district" => districts.iter().map(|d| d.name.as_str()).collect(),
            "unit" => units.iter().map(|u| u.name.as_str()).collect(),
            "county" => counties.iter().map(|c| c.name.as_str()).collect(),
            _ => {
                problems.push(InputProblem::cell(
                    &table.file,
                    record.line,
                    "kind",
                    kind,
                    crate::tr!("expected-one-of", values = ALIAS_KINDS.join(", ")),
                ));
                continue;
            }
        };
        if !known.contains(&name) {
            problems.push(InputProblem::cell(
                &table.file,
                record.line,
                "name",
                name,
                crate::tr!("expected-name-of-kind", kind = crate::i18n::noun(kind)),
            ));
            continue;
        }
        if let Some(before) = aliases
            .entry(kind.to_string())
            .or_default()
            .insert(alias.to_string(), name.to_string())
        {
            problems.push(InputProblem::cell(
                &table.file,
                record.line,
                "alias",
                alias,
                crate::tr!("expected-alias-once", before = &before),
            ));
        }
    }
    aliases
}

/// A name index with the dataset's aliases of `kind` added.
fn with_aliases(
    mut index: FastMap<String, usize>,
    dataset: &Dataset,
    kind: &str,
) -> FastMap<String, usize> {
    for (alias, name) in dataset.aliases.get(kind).into_iter().flatten() {
        if let Some(&id) = index.get(name) {
            index.entry(alias.clone()).or_insert(id);
        }
    }
    index
}

/// The largest preference weight a model may set.
pub const MAX_WEIGHT: f64 = 1e6;

/// Each kind of rule at most once, and bounds that can hold: two coverage rules, or a minimum above
/// its maximum, contradict each other. `lines[i]` is where `rules[i]` stands in the model file.
fn check_rule_kinds(file: &str, rules: &[Rule], lines: &[u64], problems: &mut Problems) {
    let at = |i: usize, expected: String| InputProblem {
        file: file.to_string(),
        line: lines.get(i).copied(),
        column: None,
        found: None,
        expected,
    };
    for (i, rule) in rules.iter().enumerate() {
        if let Some(first) = rules[..i].iter().position(|r| r.name() == rule.name()) {
            problems.push(at(
                i,
                crate::tr!(
                    "expected-rule-once",
                    rule = rule.name(),
                    first = lines.get(first).copied().unwrap_or(0)
                ),
            ));
        }
        if let Rule::RecipientUnits {
            min,
            max: Some(max),
        } = rule
        {
            if min > max {
                problems.push(at(
                    i,
                    crate::tr!(
                        "expected-min-not-above-max",
                        what = "recipient_units",
                        min = *min,
                        max = *max
                    ),
                ));
            }
        }
        // A member minimum counts units per pair: only an allotment's pairs carry more than one.
        let allotment = rules.iter().any(|r| {
            matches!(
                r,
                Rule::RecipientUnits { .. } | Rule::RecipientDemand { .. }
            )
        });
        if matches!(rule, Rule::MemberMinimum { .. }) && !allotment {
            problems.push(at(i, crate::tr!("expected-member-minimum-allotment")));
        }
    }
}

/// The helpers and the recipients of a program, read side by side: at national scale each list
/// is a fifth of a plan's time. Problems are sorted when given out, so their order here is free.
fn read_lists(
    data: &Source,
    spec: &ProgramSpec,
    dataset: &Dataset,
    [district_ids, unit_ids, county_ids]: [&FastMap<String, usize>; 3],
    synthetic: &mut BTreeMap<String, bool>,
    problems: &mut Problems,
) -> (Vec<Helper>, Vec<Recipient>) {
    let (
        (helpers, helper_lists, helper_problems),
        (recipients, recipient_lists, recipient_problems),
    ) = rayon::join(
        || {
            let (mut lists, mut found) = (BTreeMap::new(), Problems::default());
            let ids = (district_ids, unit_ids);
            let helpers = read_helpers(data, spec, dataset, ids, &mut lists, &mut found);
            (helpers, lists, found)
        },
        || {
            let (mut lists, mut found) = (BTreeMap::new(), Problems::default());
            let recipients =
                read_recipients(data, spec, dataset, county_ids, &mut lists, &mut found);
            (recipients, lists, found)
        },
    );
    for (lists, found) in [
        (helper_lists, helper_problems),
        (recipient_lists, recipient_problems),
    ] {
        synthetic.extend(lists);
        problems.extend(found);
    }
    (helpers, recipients)
}

/// Builds the instance of one program on a dataset.
pub fn instance(
    data: &Source,
    dataset: &Dataset,
    spec: &ProgramSpec,
) -> Result<Instance, InputErrors> {
    let mut problems = Problems::default();
    let [district_ids, unit_ids, county_ids] = name_indexes(dataset);
    // Whether each list read is labelled synthetic, judged as it is read: not read again for it.
    let mut synthetic = BTreeMap::new();
    let (helpers, recipients) = read_lists(
        data,
        spec,
        dataset,
        [&district_ids, &unit_ids, &county_ids],
        &mut synthetic,
        &mut problems,
    );

    let inputs = RuleInputs {
        data,
        dataset,
        spec,
        district_ids: &district_ids,
        unit_ids: &unit_ids,
        helpers: &helpers,
        recipients: &recipients,
    };
    let (keep, not_checked) = rules_the_lists_allow(data, spec);
    let kept: Vec<&RuleSpec> = kept_of(&spec.rules, &keep)
        .map(toml::Spanned::get_ref)
        .collect();
    let kept_lines: Vec<u64> = kept_of(&spec.rule_lines, &keep).copied().collect();
    let rules: Vec<Rule> = kept
        .iter()
        .map(|rule| inputs.rule(rule, &mut problems))
        .collect();
    let costs = Costs {
        off_map: spec.costs.off_map,
        trait_mismatch: spec.costs.trait_mismatch,
        balance: spec.costs.balance,
        change: spec.costs.change.unwrap_or(DEFAULT_CHANGE),
    };
    check_weights(spec, &costs, &mut problems);
    check_region_priced(spec, &mut problems);
    check_rule_kinds(&spec.file, &rules, &kept_lines, &mut problems);
    check_due(spec, &mut problems);
    problems.into_result(Instance {
        program: ProgramInfo {
            inputs: program_inputs(data, dataset, spec, (&kept, &rules), &synthetic),
            not_checked,
            ..program_info(spec)
        },
        rules: rule_set(spec, rules),
        costs,
        districts: dataset.districts.clone(),
        units: dataset.units.clone(),
        counties: dataset.counties.clone(),
        helpers,
        recipients,
        previous: Vec::new(),
        change_budget: None,
        continuing: Vec::new(),
    })
}

/// A list with its headers only (a template not filled in) plans nothing: said so, rather than
/// reported as every one of no recipients covered.
fn is_headers_only(table: &Table, spec: &ProgramSpec, problems: &mut Problems) -> bool {
    if table.records.is_empty() {
        problems.push(InputProblem::file(
            &table.file,
            crate::tr!("expected-recipient-rows", program = spec.title.as_str()),
        ));
    }
    table.records.is_empty()
}

/// The districts', units' and counties' indexes by name, their aliases included.
fn name_indexes(dataset: &Dataset) -> [FastMap<String, usize>; 3] {
    [
        with_aliases(
            index_by_name(dataset.districts.iter().map(|d| d.name.as_str())),
            dataset,
            "district",
        ),
        with_aliases(
            index_by_name(dataset.units.iter().map(|u| u.name.as_str())),
            dataset,
            "unit",
        ),
        with_aliases(
            index_by_name(dataset.counties.iter().map(|c| c.name.as_str())),
            dataset,
            "county",
        ),
    ]
}

/// What a program's model says of it, before its inputs are read.
fn program_info(spec: &ProgramSpec) -> ProgramInfo {
    ProgramInfo {
        name: spec.name.clone(),
        title: spec.title.clone(),
        unit_noun: spec
            .unit_noun
            .clone()
            .unwrap_or_else(|| "pairings".to_string()),
        source: spec.source.clone(),
        helper_noun: spec.helper_noun.clone(),
        recipient_noun: spec.recipient_noun.clone(),
        capacity_source: spec.capacity_source(),
        due: spec.due.clone(),
        inputs: Vec::new(),
        not_checked: Vec::new(),
    }
}

/// The items `keep` keeps, in order.
fn kept_of<'a, T>(items: &'a [T], keep: &'a [bool]) -> impl Iterator<Item = &'a T> {
    items
        .iter()
        .zip(keep)
        .filter(|(_, keep)| **keep)
        .map(|(item, _)| item)
}

/// Which of a program's rules are read: all of them, except (for a planner's own lists) a rule
/// that only checks the lists against a further figure whose table they leave out — unit
/// minimums, province totals — said as not checked. The quotas are what the plan is for, and are
/// required.
fn rules_the_lists_allow(data: &Source, spec: &ProgramSpec) -> (Vec<bool>, Vec<NotChecked>) {
    let mut not_checked = Vec::new();
    let keep: Vec<bool> = spec
        .rules
        .iter()
        .map(toml::Spanned::get_ref)
        .map(|rule| {
            let lacking = rule
                .file()
                .filter(|file| data.lacks(file) && !matches!(rule, RuleSpec::DistrictQuota(_)));
            if let Some(file) = lacking {
                not_checked.push(NotChecked {
                    rule: rule.name().to_string(),
                    clause: rule.source().unwrap_or(&spec.source).to_string(),
                    table: file.to_string(),
                });
            }
            lacking.is_none()
        })
        .collect();
    if let Some(totals) = spec
        .recipients
        .province_totals
        .as_ref()
        .filter(|t| data.lacks(&t.file))
    {
        not_checked.push(NotChecked {
            rule: "province_totals".to_string(),
            clause: spec.source.clone(),
            table: totals.file.clone(),
        });
    }
    (keep, not_checked)
}

/// What a program's rules are read against: its files, the dataset's names (with their aliases),
/// its helpers and recipients.
struct RuleInputs<'a> {
    data: &'a Source,
    dataset: &'a Dataset,
    spec: &'a ProgramSpec,
    district_ids: &'a FastMap<String, usize>,
    unit_ids: &'a FastMap<String, usize>,
    helpers: &'a [Helper],
    recipients: &'a [Recipient],
}

impl RuleInputs<'_> {
    /// One rule as the model states it, its tables read: each rule kind as written becomes the
    /// domain's, so that a new kind must be decided here.
    fn rule(&self, rule: &RuleSpec, problems: &mut Problems) -> Rule {
        let (data, helpers, recipients) = (self.data, self.helpers, self.recipients);
        match rule {
            RuleSpec::Coverage { min, max, .. } => self.coverage(*min, *max, problems),
            RuleSpec::DistrictQuota(table) => Rule::DistrictQuota {
                quotas: read_keyed_counts(data, table, self.district_ids, "district", problems)
                    .into_iter()
                    .map(|(k, v)| (DistrictId(k), v))
                    .collect(),
            },
            RuleSpec::UnitMinimum(table) => Rule::UnitMinimum {
                minimums: read_keyed_counts(data, table, self.unit_ids, "city unit", problems)
                    .into_iter()
                    .map(|(k, v)| (UnitId(k), v))
                    .collect(),
            },
            RuleSpec::Capacity { .. } => Rule::HelperCapacity,
            RuleSpec::HelperPartners { max, .. } => Rule::HelperPartners { max: *max },
            RuleSpec::MemberMinimum { min, .. } => Rule::MemberMinimum { min: *min },
            RuleSpec::RecipientUnits { min, max, .. } => Rule::RecipientUnits {
                min: *min,
                max: *max,
            },
            RuleSpec::RecipientDemand(table) => {
                let ids = index_by_name(recipients.iter().map(|r| r.id.as_str()));
                Rule::RecipientDemand {
                    demand: read_keyed_counts(data, table, &ids, "recipient id", problems)
                        .into_iter()
                        .map(|(k, v)| (RecipientId(k), v))
                        .collect(),
                }
            }
            RuleSpec::PairsOf { program, .. } => Rule::PairsOf {
                program: program.clone(),
                pairs: BTreeSet::new(),
            },
            RuleSpec::NamedSenders(table) => {
                let (senders, each_sends) =
                    read_named_senders(data, table, self.dataset, (helpers, recipients), problems);
                Rule::NamedSenders {
                    senders,
                    each_sends,
                }
            }
            RuleSpec::TotalUnits(table) => Rule::TotalUnits {
                total: read_program_total(data, table, &self.spec.name, problems).unwrap_or(0),
            },
            RuleSpec::AllowedPairs { file, .. } => Rule::AllowedPairs {
                costs: read_pairs(data, file, true, helpers, recipients, problems),
            },
            RuleSpec::ForbiddenPairs { file, .. } => Rule::ForbiddenPairs {
                pairs: self.pairs(file, problems),
            },
            RuleSpec::FixedPairs { file, .. } => Rule::FixedPairs {
                pairs: self.pairs(file, problems),
            },
        }
    }

    /// The coverage rule; a minimum above the maximum is a problem of the model file.
    fn coverage(
        &self,
        min: crate::domain::Count,
        max: Option<crate::domain::Count>,
        problems: &mut Problems,
    ) -> Rule {
        if let Some(max) = max.filter(|&max| min > max) {
            problems.push(InputProblem::file(
                &self.spec.file,
                crate::tr!(
                    "expected-min-not-above-max",
                    what = "coverage",
                    min = min,
                    max = max
                ),
            ));
        }
        Rule::Coverage { min, max }
    }

    /// The pairs a forbidden or fixed pairs file lists (without costs).
    fn pairs(&self, file: &str, problems: &mut Problems) -> BTreeSet<(RecipientId, HelperId)> {
        read_pairs(
            self.data,
            file,
            false,
            self.helpers,
            self.recipients,
            problems,
        )
        .into_keys()
        .collect()
    }
}

/// Reports each weight of the model out of bounds: weights beyond a million would swamp every
/// other term and, near f64's limit, make the objective infinite; no planner means that.
fn check_weights(spec: &ProgramSpec, costs: &Costs, problems: &mut Problems) {
    for (name, value) in [
        ("off_map", spec.costs.off_map.unwrap_or(0.0)),
        ("trait_mismatch", costs.trait_mismatch),
        ("balance", costs.balance),
        ("change", costs.change),
    ] {
        if !(0.0..=MAX_WEIGHT).contains(&value) {
            problems.push(InputProblem {
                file: spec.file.clone(),
                line: None,
                column: Some(format!("costs.{name}")),
                found: Some(value.to_string()),
                expected: crate::tr!("expected-weight", max = MAX_WEIGHT),
            });
        }
    }
}

/// Reports a model whose recipients name a region but whose costs price no off-map unit: the region
/// would then decide nothing in the plan (another district would cost the same), while `check`
/// reports each such pairing as off the map.
fn check_region_priced(spec: &ProgramSpec, problems: &mut Problems) {
    if let (Some(region), None) = (&spec.recipients.region, spec.costs.off_map) {
        problems.push(InputProblem {
            file: spec.file.clone(),
            line: None,
            column: Some("costs.off_map".to_string()),
            found: None,
            expected: crate::tr!("expected-off-map-with-region", column = region),
        });
    }
}

/// Reports a `due` the model writes other than as a date (YYYY-MM-DD).
fn check_due(spec: &ProgramSpec, problems: &mut Problems) {
    if let Some(due) = spec.due.as_deref().filter(|d| !crate::text::is_date(d)) {
        problems.push(InputProblem::cell(
            &spec.file,
            0,
            "due",
            due,
            crate::tr!("expected-iso-date"),
        ));
    }
}

/// The program's rules, each with the seed clause its model names for it.
fn rule_set(spec: &ProgramSpec, rules: Vec<Rule>) -> RuleSet {
    let sources: Vec<Option<String>> = spec
        .rules
        .iter()
        .map(|r| r.get_ref().source().map(String::from))
        .collect();
    let kinds: Vec<_> = rules.iter().map(Rule::kind).collect();
    let mut set: RuleSet = rules.into_iter().collect();
    for (kind, source) in kinds.into_iter().zip(sources) {
        if let Some(source) = source {
            set.set_source(kind, source);
        }
    }
    set
}

/// The files a program reads, in the order of its model, each with what it is read for and where
/// its content comes from: declared official in the manifest (with the seed clause), labelled
/// synthetic in every row's `source`, or neither (the planners' own).
fn program_inputs(
    data: &Source,
    dataset: &Dataset,
    spec: &ProgramSpec,
    (written, rules): (&[&RuleSpec], &[Rule]),
    synthetic: &BTreeMap<String, bool>,
) -> Vec<ProgramInput> {
    let mut uses: Vec<(&str, String)> = vec![(spec.helpers.file.as_str(), "helpers".to_string())];
    if let Some(members) = &spec.helpers.members {
        uses.push((&members.file, "helper members".to_string()));
    }
    uses.push((&spec.recipients.file, "recipients".to_string()));
    if let Some(totals) = spec
        .recipients
        .province_totals
        .as_ref()
        .filter(|t| !data.lacks(&t.file))
    {
        uses.push((&totals.file, "recipient totals".to_string()));
    }
    if spec.recipients.county.is_some() {
        uses.push((COUNTIES_FILE, "pairing map".to_string()));
    }
    // The rules were read one for one from the model's kept ones, in its order.
    for (written, rule) in written.iter().zip(rules) {
        if let Some(file) = written.file() {
            uses.push((file, rule.name().to_string()));
        }
    }
    let mut inputs: Vec<ProgramInput> = Vec::new();
    for (file, used_as) in uses {
        if let Some(known) = inputs.iter_mut().find(|i| i.file == file) {
            known.used_as.push(used_as);
            continue;
        }
        let origin = match dataset.spec.official.get(file) {
            Some(clause) => Origin::Official(clause.clone()),
            None if synthetic.get(file).copied().unwrap_or_else(|| {
                data.read_table(file, &mut Problems::default())
                    .is_some_and(|table| labelled_synthetic(&table))
            }) =>
            {
                Origin::Synthetic
            }
            None => Origin::Given,
        };
        inputs.push(ProgramInput {
            file: file.to_string(),
            used_as: vec![used_as],
            origin,
        });
    }
    inputs
}

/// Whether every row of a table says `source` = synthetic (a table pairplan generated).
pub fn labelled_synthetic(table: &Table) -> bool {
    let Some(column) = table.column("source") else {
        return false;
    };
    !table.records.is_empty()
        && table.records.iter().all(|r| {
            r.cells
                .get(column)
                .is_some_and(|c| c == crate::load::SYNTHETIC)
        })
}

/// Reads the number in `spec.value` of the row whose `spec.key` is the program's name.
fn read_program_total(
    data: &Source,
    spec: &KeyedColumn,
    program: &str,
    problems: &mut Problems,
) -> Option<u32> {
    let table = data.read_table(&spec.file, problems)?;
    let cols = table.require_columns(&[&spec.key, &spec.value], problems)?;
    match table.records.iter().find(|r| &r.cells[cols[0]] == program) {
        Some(record) => table.count(record, cols[1], problems),
        None => {
            problems.push(InputProblem::file(
                &table.file,
                crate::tr!("expected-row-with", program = program, column = &spec.key),
            ));
            None
        }
    }
}

/// Reads a file of pairs (`helper_id, recipient_id`, and `cost` when `with_cost`), each pair once;
/// without costs every pair costs 0.
fn read_pairs(
    data: &Source,
    file: &str,
    with_cost: bool,
    helpers: &[Helper],
    recipients: &[Recipient],
    problems: &mut Problems,
) -> BTreeMap<(RecipientId, HelperId), f64> {
    let mut costs = BTreeMap::new();
    let Some(table) = data.read_table(file, problems) else {
        return costs;
    };
    let columns: &[&str] = if with_cost {
        &["helper_id", "recipient_id", "cost"]
    } else {
        &["helper_id", "recipient_id"]
    };
    let Some(cols) = table.require_columns(columns, problems) else {
        return costs;
    };
    let helper_ids = index_by_name(helpers.iter().map(|h| h.id.as_str()));
    let recipient_ids = index_by_name(recipients.iter().map(|r| r.id.as_str()));
    let mut seen: FastMap<(usize, usize), u64> = FastMap::default();
    for record in &table.records {
        let helper = resolve(&helper_ids, "helper id", &table, record, cols[0], problems);
        let recipient = resolve(
            &recipient_ids,
            "recipient id",
            &table,
            record,
            cols[1],
            problems,
        );
        let cost = match cols.get(2).map(|&c| &record.cells[c]) {
            None => Some(0.0),
            Some(cell) => match crate::load::spreadsheet_number(cell) {
                Some(value) if value.abs() <= MAX_WEIGHT => Some(value),
                _ => {
                    problems.push(InputProblem::cell(
                        &table.file,
                        record.line,
                        "cost",
                        cell,
                        crate::tr!("expected-cost", max = MAX_WEIGHT),
                    ));
                    None
                }
            },
        };
        let (Some(helper), Some(recipient), Some(cost)) = (helper, recipient, cost) else {
            continue;
        };
        if let Some(first) = seen.insert((recipient, helper), record.line) {
            problems.push(InputProblem::cell(
                &table.file,
                record.line,
                "helper_id",
                &record.cells[cols[0]],
                crate::tr!("expected-pair-once", first = first),
            ));
        }
        costs.insert((RecipientId(recipient), HelperId(helper)), cost);
    }
    costs
}

fn index_by_name<'a>(names: impl Iterator<Item = &'a str>) -> FastMap<String, usize> {
    names.enumerate().map(|(i, n)| (n.to_string(), i)).collect()
}

/// Reports a name seen twice in a key column; returns whether it is new.
fn first_occurrence<'r>(
    seen: &mut FastMap<&'r str, u64>,
    table: &Table,
    record: &'r Record,
    column: usize,
    problems: &mut Problems,
) -> bool {
    let key = &record.cells[column];
    if let Some(first) = seen.get(key) {
        problems.push(InputProblem::cell(
            &table.file,
            record.line,
            &table.headers[column],
            key,
            crate::tr!("expected-unique", first = *first),
        ));
        false
    } else {
        seen.insert(key, record.line);
        true
    }
}

/// Resolves a name against known names, reporting an unknown one with the closest suggestions.
fn resolve(
    ids: &FastMap<String, usize>,
    what: &str,
    table: &Table,
    record: &Record,
    column: usize,
    problems: &mut Problems,
) -> Option<usize> {
    let name = &record.cells[column];
    if let Some(id) = ids.get(name) {
        return Some(*id);
    }
    // Compatibility forms (⼭ for 山, ㈱, full-width letters) compare as their plain form; of two
    // known names with one plain form, the first in order, whatever the map's order.
    let plain = crate::text::name_key(name);
    if let Some((_, id)) = ids
        .iter()
        .filter(|(known, _)| crate::text::name_key(known) == plain)
        .min_by(|a, b| a.0.cmp(b.0))
    {
        return Some(*id);
    }
    let mut known: Vec<&str> = ids.keys().map(String::as_str).collect();
    known.sort();
    let suggestions = crate::text::closest(name, &known, 3);
    let hint = if suggestions.is_empty() {
        String::new()
    } else {
        crate::tr!("expected-closest", names = suggestions.join(", "))
    };
    table.reject(
        record,
        column,
        name,
        crate::tr!(
            "expected-known",
            what = crate::i18n::noun(what),
            hint = hint
        ),
        problems,
    );
    None
}

fn read_districts(data: &Source, problems: &mut Problems) -> Vec<District> {
    let Some(table) = data.read_table("districts.csv", problems) else {
        return Vec::new();
    };
    let Some(cols) = table.require_columns(&["name"], problems) else {
        return Vec::new();
    };
    let mut seen = FastMap::default();
    let mut districts = Vec::new();
    for record in &table.records {
        if table.text(record, cols[0], problems).is_some()
            && first_occurrence(&mut seen, &table, record, cols[0], problems)
        {
            districts.push(District {
                name: record.cells[cols[0]].to_string(),
            });
        }
    }
    districts
}

fn read_units(
    data: &Source,
    districts: &FastMap<String, usize>,
    problems: &mut Problems,
) -> Vec<Unit> {
    // A planner's own lists may have no city units at all.
    if data.lacks("units.csv") {
        return Vec::new();
    }
    let Some(table) = data.read_table("units.csv", problems) else {
        return Vec::new();
    };
    let Some(cols) = table.require_columns(&["name", "district"], problems) else {
        return Vec::new();
    };
    let mut seen = FastMap::default();
    let mut units = Vec::new();
    for record in &table.records {
        let district = resolve(districts, "district", &table, record, cols[1], problems);
        let unique = table.text(record, cols[0], problems).is_some()
            && first_occurrence(&mut seen, &table, record, cols[0], problems);
        if let (Some(district), true) = (district, unique) {
            units.push(Unit {
                name: record.cells[cols[0]].to_string(),
                district: DistrictId(district),
            });
        }
    }
    units
}

fn read_counties(
    data: &Source,
    districts: &FastMap<String, usize>,
    problems: &mut Problems,
) -> Vec<County> {
    let Some(table) = data.read_table(COUNTIES_FILE, problems) else {
        return Vec::new();
    };
    let Some(cols) = table.require_columns(
        &["name", "code", "province", "prefecture", "paired_district"],
        problems,
    ) else {
        return Vec::new();
    };
    let mut seen = FastMap::default();
    let mut counties = Vec::new();
    for record in &table.records {
        let district = resolve(districts, "district", &table, record, cols[4], problems);
        let texts_ok = cols[..4]
            .iter()
            .all(|&c| table.text(record, c, problems).is_some());
        let unique = first_occurrence(&mut seen, &table, record, cols[0], problems);
        // Blank or absent: deep-poverty, as 附件9 labels all 42 counties (see County::deep_poverty).
        let deep_poverty = match table.column("deep_poverty") {
            Some(c) => table.flag(record, c, true, problems),
            None => Some(true),
        };
        if let (Some(district), true, true, Some(deep_poverty)) =
            (district, texts_ok, unique, deep_poverty)
        {
            counties.push(County {
                name: record.cells[cols[0]].to_string(),
                code: record.cells[cols[1]].to_string(),
                province: record.cells[cols[2]].to_string(),
                prefecture: record.cells[cols[3]].to_string(),
                paired_district: DistrictId(district),
                deep_poverty,
            });
        }
    }
    counties
}

/// Reads `key → count` rows, skipping a total row (checked separately through the manifest).
fn read_keyed_counts(
    data: &Source,
    spec: &KeyedColumn,
    ids: &FastMap<String, usize>,
    what: &str,
    problems: &mut Problems,
) -> BTreeMap<usize, u32> {
    let mut counts = BTreeMap::new();
    let Some(table) = data.read_table(&spec.file, problems) else {
        return counts;
    };
    let Some(cols) = table.require_columns(&[&spec.key, &spec.value], problems) else {
        return counts;
    };
    let mut seen = FastMap::default();
    for record in &table.records {
        if &record.cells[cols[0]] == TOTAL_KEY {
            continue;
        }
        let id = resolve(ids, what, &table, record, cols[0], problems);
        let value = table.count(record, cols[1], problems);
        let unique = first_occurrence(&mut seen, &table, record, cols[0], problems);
        if let (Some(id), Some(value), true) = (id, value, unique) {
            counts.insert(id, value);
        }
    }
    counts
}

/// Who the seed names for each listed recipient, and which of them it names on its own.
type Named = (
    BTreeMap<RecipientId, BTreeSet<HelperId>>,
    BTreeSet<(RecipientId, HelperId)>,
);

/// The senders the seed names for each listed recipient (附件1: "滨海新区负责", "市教委负责",
/// "市国资委、市金融局、天津自贸区管委会、各区负责"). A sender is a helper's name, a district's name (its
/// helpers), 各区 (every district's helpers) or 各部门/各单位 (everyone but the row's `lead`, the
/// unit that leads the selection — 市委组织部牵头 — where the table has that column); a name that is
/// none of these is an error at its cell. A helper named by its own name is also returned as owing
/// at least one unit to the recipient.
fn read_named_senders(
    data: &Source,
    spec: &KeyedColumn,
    dataset: &Dataset,
    (helpers, recipients): (&[Helper], &[Recipient]),
    problems: &mut Problems,
) -> Named {
    let mut senders = BTreeMap::new();
    let mut each_sends = BTreeSet::new();
    let Some(table) = data.read_table(&spec.file, problems) else {
        return (senders, each_sends);
    };
    let Some(cols) = table.require_columns(&[&spec.key, &spec.value], problems) else {
        return (senders, each_sends);
    };
    let ids = index_by_name(recipients.iter().map(|r| r.id.as_str()));
    let lead_col = table.column("lead");
    let mut seen = FastMap::default();
    for record in &table.records {
        let recipient = resolve(&ids, "recipient id", &table, record, cols[0], problems);
        let unique = first_occurrence(&mut seen, &table, record, cols[0], problems);
        let leads: Vec<&str> = lead_col.map_or(Vec::new(), |c| names_in(&record.cells[c]));
        let mut named = BTreeSet::new();
        for name in names_in(&record.cells[cols[1]]) {
            let (found, alone) = senders_named(dataset, helpers, name, &leads);
            if found.is_empty() {
                let known: Vec<&str> = helpers.iter().map(|h| h.name.as_str()).collect();
                problems.push(InputProblem::cell(
                    &table.file,
                    record.line,
                    &spec.value,
                    name,
                    crate::tr!(
                        "expected-sender",
                        hint = crate::text::did_you_mean(name, &known)
                    ),
                ));
            }
            if let (Some(r), true) = (recipient, alone) {
                each_sends.extend(found.iter().map(|&h| (RecipientId(r), h)));
            }
            named.extend(found);
        }
        if let (Some(recipient), true) = (recipient, unique) {
            senders.insert(RecipientId(recipient), named);
        }
    }
    (senders, each_sends)
}

/// The names of a senders cell (`、`-separated, as the seed writes them).
fn names_in(cell: &str) -> Vec<&str> {
    cell.split(['、', '，', ';', '；'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect()
}

/// The helpers one name of a senders cell stands for, and whether it names a helper on its own
/// (not a district's helpers, not a collective). `leads` lead the selection and are no part of
/// 各部门/各单位.
fn senders_named(
    dataset: &Dataset,
    helpers: &[Helper],
    name: &str,
    leads: &[&str],
) -> (BTreeSet<HelperId>, bool) {
    // The seed writes a unit under its old name at times (市工信委 for 市工信局).
    let unit = |name: &str| {
        dataset
            .aliases
            .get("unit")
            .and_then(|aliases| aliases.get(name))
            .map_or(name, String::as_str)
            .to_string()
    };
    let name = unit(name);
    let leads: Vec<String> = leads.iter().map(|l| unit(l)).collect();
    let everyone = || (0..helpers.len()).map(HelperId);
    let district = dataset.districts.iter().position(|d| d.name == name);
    match name.as_str() {
        "各部门" | "各单位" => (
            everyone()
                .filter(|h| !leads.contains(&helpers[h.0].name))
                .collect(),
            false,
        ),
        "各区" => (
            everyone()
                .filter(|h| helpers[h.0].district.is_some())
                .collect(),
            false,
        ),
        _ if district.is_some() => {
            // A district named on its own sends at least one when it sends through one helper
            // (滨海新区's 选派 row); through several, none of them owes one alone.
            let of_district: BTreeSet<HelperId> = everyone()
                .filter(|h| helpers[h.0].district.map(|d| d.0) == district)
                .collect();
            let alone = of_district.len() == 1;
            (of_district, alone)
        }
        _ => (
            everyone().filter(|h| helpers[h.0].name == name).collect(),
            true,
        ),
    }
}

fn check_declared_total(
    data: &Source,
    spec: &TotalTableSpec,
    known: &mut Vec<TotalMismatch>,
    problems: &mut Problems,
) {
    let Some(table) = data.read_table(&spec.file, problems) else {
        return;
    };
    let Some(cols) = table.require_columns(&[&spec.key], problems) else {
        return;
    };
    let key = cols[0];
    let Some(total_row) = table
        .records_and_totals()
        .find(|r| &r.cells[key] == TOTAL_KEY)
    else {
        problems.push(InputProblem::file(
            &table.file,
            crate::tr!("expected-total-row", total = TOTAL_KEY, column = &spec.key),
        ));
        return;
    };
    for column in (0..table.headers.len()).filter(|&c| c != key) {
        // A total row with an empty cell declares no total for that column.
        if total_row.cells[column].is_empty() {
            continue;
        }
        let Some(declared) = table.amount(total_row, column, problems) else {
            continue;
        };
        let mut sum = 0.0;
        for record in table.records.iter().filter(|r| &r.cells[key] != TOTAL_KEY) {
            sum += table.amount(record, column, problems).unwrap_or(0.0);
        }
        if (sum - declared).abs() > 1e-9 * declared.abs().max(1.0) {
            match &spec.known_mismatch {
                Some(reason) => known.push(TotalMismatch {
                    file: table.file.clone(),
                    table: spec.file.clone(),
                    line: total_row.line,
                    column: table.headers[column].clone(),
                    column_title: table.headers[column].clone(),
                    declared,
                    sum,
                    reason: reason.clone(),
                }),
                None => problems.push(InputProblem::cell(
                    &table.file,
                    total_row.line,
                    &table.headers[column],
                    &total_row.cells[column],
                    crate::tr!("expected-sum", sum = crate::text::format_number(sum)),
                )),
            }
        }
    }
}

fn read_helpers(
    data: &Source,
    spec: &ProgramSpec,
    dataset: &Dataset,
    (districts, units): (&FastMap<String, usize>, &FastMap<String, usize>),
    synthetic: &mut BTreeMap<String, bool>,
    problems: &mut Problems,
) -> Vec<Helper> {
    let h = &spec.helpers;
    let Some(table) = data.read_table(&h.file, problems) else {
        return Vec::new();
    };
    synthetic.insert(h.file.clone(), labelled_synthetic(&table));
    let optional = [&h.district, &h.unit, &h.skills, &h.only_if];
    let mut wanted = vec![h.id.as_str(), &h.name, &h.capacity];
    wanted.extend(optional.iter().filter_map(|c| c.as_deref()));
    if table.require_columns(&wanted, problems).is_none() {
        return Vec::new();
    }
    let col = |name: &str| table.column(name).unwrap_or(0);
    let (id_col, name_col, capacity_col) = (col(&h.id), col(&h.name), col(&h.capacity));
    if table.shortened_ids(id_col, problems) {
        return Vec::new();
    }
    let [district_col, unit_col, skills_col, only_if_col] = optional.map(|c| c.as_deref().map(col));
    let helper_table = HelperTable {
        table: &table,
        id: id_col,
        name: name_col,
        capacity: capacity_col,
        district: district_col,
        unit: unit_col,
        skills: skills_col,
        dataset,
        districts,
        units,
    };
    let mut seen = FastMap::with_capacity_and_hasher(table.records.len(), Default::default());
    let mut skill_names = SkillNames::default();
    let mut helpers: Vec<Helper> = Vec::with_capacity(table.records.len());
    for record in &table.records {
        let takes_part =
            only_if_col.is_none_or(|c| table.flag(record, c, false, problems) == Some(true));
        if takes_part {
            helpers.extend(helper_table.helper(record, &mut seen, &mut skill_names, problems));
        }
    }
    drop(seen);
    crate::load::drop_aside(table);
    if let Some(members) = &h.members {
        helpers = keep_members(data, members, helpers, problems);
    }
    helpers.sort_by(|a, b| a.id.cmp(&b.id));
    helpers
}

/// The skill names of a helper table, each kept once however many helpers name it.
#[derive(Default)]
struct SkillNames(FastMap<std::sync::Arc<str>, ()>);

impl SkillNames {
    /// The skills of a `;`-separated cell.
    fn skills(&mut self, cell: &str) -> Skills {
        let names = cell
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|name| match self.0.get_key_value(name) {
                Some((shared, ())) => shared.clone(),
                None => {
                    let shared: std::sync::Arc<str> = name.into();
                    self.0.insert(shared.clone(), ());
                    shared
                }
            })
            .collect();
        Skills::from_shared(names)
    }
}

/// A helper table, with where its columns are and the names its cells are resolved against.
struct HelperTable<'a> {
    table: &'a Table,
    id: usize,
    name: usize,
    capacity: usize,
    district: Option<usize>,
    unit: Option<usize>,
    skills: Option<usize>,
    dataset: &'a Dataset,
    districts: &'a FastMap<String, usize>,
    units: &'a FastMap<String, usize>,
}

impl HelperTable<'_> {
    /// The helper of one row, if every cell of it is usable; each that is not is reported (an id
    /// seen before, in `seen`, included).
    fn helper<'r>(
        &self,
        record: &'r Record,
        seen: &mut FastMap<&'r str, u64>,
        skill_names: &mut SkillNames,
        problems: &mut Problems,
    ) -> Option<Helper> {
        let table = self.table;
        let id_ok = table.text(record, self.id, problems).is_some()
            && first_occurrence(seen, table, record, self.id, problems);
        let name_ok = table.text(record, self.name, problems).is_some();
        // An empty district cell is a city-level helper; a non-empty one must be known.
        let district = match self.district {
            Some(c) if !record.cells[c].is_empty() => {
                resolve(self.districts, "district", table, record, c, problems)
                    .map(|d| Some(DistrictId(d)))
            }
            _ => Some(None),
        };
        let capacity = table.count(record, self.capacity, problems);
        let unit = match self.unit {
            Some(c) if !record.cells[c].is_empty() => self.unit_of(record, c, district, problems),
            _ => Some(None),
        };
        let skills = self
            .skills
            .map(|c| skill_names.skills(&record.cells[c]))
            .unwrap_or_default();
        let (true, true, Some(district), Some(capacity), Some(unit)) =
            (id_ok, name_ok, district, capacity, unit)
        else {
            return None;
        };
        Some(Helper {
            id: record.cells[self.id].to_string(),
            name: record.cells[self.name].to_string(),
            district,
            unit,
            capacity,
            skills,
        })
    }

    /// The city unit a row names in column `c` (`None`: unknown, reported); a district written
    /// beside it (`district`, as read) must be the unit's own, for the unit's minimum counts there.
    fn unit_of(
        &self,
        record: &Record,
        c: usize,
        district: Option<Option<DistrictId>>,
        problems: &mut Problems,
    ) -> Option<Option<UnitId>> {
        let table = self.table;
        let dataset = self.dataset;
        let u = resolve(self.units, "city unit", table, record, c, problems)?;
        let linked = dataset.units[u].district;
        if let (Some(Some(d)), Some(dc)) = (district, self.district) {
            if d != linked {
                problems.push(InputProblem::cell(
                    &table.file,
                    record.line,
                    &table.headers[dc],
                    &record.cells[dc],
                    crate::tr!(
                        "expected-linked-district",
                        unit = &dataset.units[u].name,
                        district = &dataset.districts[linked.0].name
                    ),
                ));
            }
        }
        Some(Some(UnitId(u)))
    }
}

/// The helpers a members table names; a name it gives that no helper has is an input problem.
fn keep_members(
    data: &Source,
    members: &MembersSpec,
    helpers: Vec<Helper>,
    problems: &mut Problems,
) -> Vec<Helper> {
    let Some(table) = data.read_table(&members.file, problems) else {
        return helpers;
    };
    let Some(cols) = table.require_columns(&[members.column.as_str()], problems) else {
        return helpers;
    };
    let key = |h: &Helper| match members.by {
        MemberKey::Id => h.id.clone(),
        MemberKey::Name => h.name.clone(),
    };
    let index = index_by_name(helpers.iter().map(|h| match members.by {
        MemberKey::Id => h.id.as_str(),
        MemberKey::Name => h.name.as_str(),
    }));
    let what = match members.by {
        MemberKey::Id => "helper id",
        MemberKey::Name => "helper name",
    };
    let mut named = BTreeSet::new();
    for record in &table.records {
        if resolve(&index, what, &table, record, cols[0], problems).is_some() {
            named.insert(record.cells[cols[0]].to_string());
        }
    }
    helpers
        .into_iter()
        .filter(|h| named.contains(&key(h)))
        .collect()
}

fn read_recipients(
    data: &Source,
    spec: &ProgramSpec,
    dataset: &Dataset,
    counties: &FastMap<String, usize>,
    synthetic: &mut BTreeMap<String, bool>,
    problems: &mut Problems,
) -> Vec<Recipient> {
    let r = &spec.recipients;
    let Some(table) = data.read_table(&r.file, problems) else {
        return Vec::new();
    };
    synthetic.insert(r.file.clone(), labelled_synthetic(&table));
    let optional = [&r.county, &r.main_trait, &r.region];
    let mut wanted = vec![r.id.as_str(), &r.name];
    wanted.extend(optional.iter().filter_map(|c| c.as_deref()));
    wanted.extend(r.tenure.iter().flat_map(|t| [t.months.as_str(), &t.clause]));
    if table.require_columns(&wanted, problems).is_none() {
        return Vec::new();
    }
    if is_headers_only(&table, spec, problems) {
        return Vec::new();
    }
    let col = |name: &str| table.column(name).unwrap_or(0);
    let (id_col, name_col) = (col(&r.id), col(&r.name));
    if table.shortened_ids(id_col, problems) {
        return Vec::new();
    }
    let [county_col, trait_col, region_col] = optional.map(|c| c.as_deref().map(col));
    let tenure_cols = r.tenure.as_ref().map(|t| (col(&t.months), col(&t.clause)));
    let rows = table.records.len();
    let mut seen = FastMap::with_capacity_and_hasher(rows, Default::default());
    let mut recipients = Vec::with_capacity(rows);
    for record in &table.records {
        let id_ok = table.text(record, id_col, problems).is_some()
            && first_occurrence(&mut seen, &table, record, id_col, problems);
        let name_ok = table.text(record, name_col, problems).is_some();
        // An empty county cell is a recipient outside the pairing map; a non-empty one must be known.
        let county = match county_col {
            Some(c) if !record.cells[c].is_empty() => resolve(
                counties,
                "county of the pairing map",
                &table,
                record,
                c,
                problems,
            )
            .map(|c| Some(CountyId(c))),
            _ => Some(None),
        };
        let main_trait = match trait_col {
            Some(c) => table.text(record, c, problems).map(String::from),
            None => Some(String::new()),
        };
        let region = region_col.map_or(Some(Vec::new()), |c| {
            region_districts(dataset, &table, record, c, problems)
        });
        let tenure = tenure_cols.map_or(Some(None), |c| read_tenure(&table, record, c, problems));
        if let (true, true, Some(county), Some(main_trait), Some(region_districts), Some(tenure)) =
            (id_ok, name_ok, county, main_trait, region, tenure)
        {
            recipients.push(Recipient {
                id: record.cells[id_col].to_string(),
                name: record.cells[name_col].to_string(),
                county,
                main_trait,
                region_districts,
                tenure,
            });
        }
    }
    recipients.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(totals) = r.province_totals.as_ref().filter(|t| !data.lacks(&t.file)) {
        check_province_totals(data, totals, dataset, &recipients, &table.file, problems);
    }
    drop(seen);
    crate::load::drop_aside(table);
    recipients
}

/// A post's tenure: `None` for an empty months cell (no single tenure), else whole months above 0
/// with the clause that sets them (a tenure nobody can trace is refused).
fn read_tenure(
    table: &Table,
    record: &Record,
    (months, clause): (usize, usize),
    problems: &mut Problems,
) -> Option<Option<crate::domain::Tenure>> {
    if record.cells[months].is_empty() {
        return Some(None);
    }
    let count = table.count(record, months, problems)?;
    if count == 0 {
        table.reject(
            record,
            months,
            &record.cells[months],
            crate::tr!("expected-tenure-months"),
            problems,
        );
        return None;
    }
    let clause = table.text(record, clause, problems)?;
    Some(Some(crate::domain::Tenure {
        months: count,
        clause: clause.to_string(),
    }))
}

/// The districts paired with the region a recipient's cell names (none for an empty cell); a
/// region the dataset does not know is a problem at the cell, with the closest known.
fn region_districts(
    dataset: &Dataset,
    table: &Table,
    record: &Record,
    column: usize,
    problems: &mut Problems,
) -> Option<Vec<DistrictId>> {
    let cell = record.cells[column].trim();
    if cell.is_empty() {
        return Some(Vec::new());
    }
    if let Some(districts) = dataset.regions.get(cell) {
        return Some(districts.iter().copied().collect());
    }
    let known: Vec<&str> = dataset.regions.keys().map(String::as_str).collect();
    table.reject(
        record,
        column,
        cell,
        crate::tr!(
            "expected-region",
            hint = crate::text::did_you_mean(cell, &known)
        ),
        problems,
    );
    None
}

/// The official number of recipients per province must match the recipient table.
fn check_province_totals(
    data: &Source,
    spec: &KeyedColumn,
    dataset: &Dataset,
    recipients: &[Recipient],
    recipient_file: &str,
    problems: &mut Problems,
) {
    let Some(table) = data.read_table(&spec.file, problems) else {
        return;
    };
    let Some(cols) = table.require_columns(&[&spec.key, &spec.value], problems) else {
        return;
    };
    let mut actual: BTreeMap<&str, u32> = BTreeMap::new();
    for recipient in recipients {
        let province = recipient
            .county
            .map_or("", |c| dataset.counties[c.0].province.as_str());
        *actual.entry(province).or_default() += 1;
    }
    let total: u32 = actual.values().sum();
    for record in table.records_and_totals() {
        let Some(expected) = table.count(record, cols[1], problems) else {
            continue;
        };
        let province = &record.cells[cols[0]];
        let found = if province == TOTAL_KEY {
            total
        } else {
            actual.get(province).copied().unwrap_or(0)
        };
        if found != expected {
            problems.push(InputProblem {
                file: recipient_file.to_string(),
                line: None,
                column: None,
                found: Some(crate::tr!(
                    "found-in-province",
                    found = found,
                    province = province
                )),
                expected: crate::tr!(
                    "expected-province-count",
                    expected = expected,
                    province = province,
                    file = &table.file,
                    line = record.line
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dataset of districts, counties and quotas, written to a folder.
    fn folder(quotas: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            ("dataset.toml", "name = \"t\"\ntitle = \"t\"\n\n[[totals]]\nfile = \"village_quotas.csv\"\nkey = \"district\"\n"),
            ("districts.csv", "name\n甲区\n乙区\n"),
            ("counties.csv", "name,code,province,prefecture,paired_district\n一县,620001,甘肃省,一市,甲区\n"),
            ("units.csv", "name,district\n"),
            ("village_quotas.csv", quotas),
        ];
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn the_embedded_dataset_and_models_are_valid() {
        let dataset = dataset(&Source::embedded_dataset()).unwrap();
        assert_eq!(dataset.districts.len(), 16);
        assert_eq!(dataset.counties.len(), 42);
        let specs = programs(&Source::embedded_models()).unwrap();
        assert_eq!(specs.len(), 16);
        for spec in &specs {
            let instance = instance(&Source::embedded_dataset(), &dataset, spec).unwrap();
            assert!(!instance.recipients.is_empty(), "{}", spec.name);
        }
    }

    #[test]
    fn a_declared_total_is_the_sum_of_its_rows_or_a_located_problem() {
        let good = folder("district,quota\n甲区,2\n乙区,1\n合计,3\n");
        assert!(dataset(&Source::Dir(good.path().to_path_buf())).is_ok());
        let bad = folder("district,quota\n甲区,2\n乙区,1\n合计,4\n");
        let errors = dataset(&Source::Dir(bad.path().to_path_buf())).unwrap_err();
        let problem = &errors.0[0];
        assert!(problem.file.ends_with("village_quotas.csv"), "{problem}");
        assert_eq!(problem.line, Some(4));
        assert_eq!(problem.found.as_deref(), Some("4"));
    }
}
