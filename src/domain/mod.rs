//! The vocabulary of pairing: who helps, who is helped, the rules a plan must keep and the plan itself.
//!
//! Nothing here reads files or solves anything; every later stage speaks in these types. Names are the
//! keys planners use (Chinese, as in the seed); typed ids index the vectors of an [`Instance`].

/// A hash map of ids and names, hashed with foldhash (seeded per process, like the standard map,
/// and several times faster on the short keys of hundreds of thousands of rows).
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

pub mod margins;
mod rule;

pub use margins::OneChange;
pub use rule::{Costs, Rule, RuleKind, RuleSet, DEFAULT_CHANGE};

/// A number of villages, hospitals or posts: something counted in whole units.
pub type Count = u32;

/// The coverage of a plain program whose model sets no coverage rule: each recipient gets exactly
/// one helper (全覆盖, one partner each), the reading every 2019 programme of pairs shares.
pub const DEFAULT_COVERAGE: (Count, Count) = (1, 1);

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub usize);
    };
}

id_type!(
    /// Index of a [`District`] in [`Instance::districts`].
    DistrictId
);
id_type!(
    /// Index of a [`Unit`] in [`Instance::units`].
    UnitId
);
id_type!(
    /// Index of a [`County`] in [`Instance::counties`].
    CountyId
);
id_type!(
    /// Index of a [`Helper`] in [`Instance::helpers`].
    HelperId
);
id_type!(
    /// Index of a [`Recipient`] in [`Instance::recipients`].
    RecipientId
);

/// A district of Tianjin (区), the level at which quotas (任务) are set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    /// Name as in the seed, e.g. 和平区.
    pub name: String,
}

/// A city unit (市级单位) that mobilises helpers for one linked district.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Name as in the seed, e.g. 市工商联.
    pub name: String,
    /// The district the unit works with (对接).
    pub district: DistrictId,
}

/// A paired county (贫困县) and the district that helps it under the pairing map (对口帮扶关系).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct County {
    /// Short name as in the seed, e.g. 张家川县.
    pub name: String,
    /// Six-digit NBS division code.
    pub code: String,
    /// Province, e.g. 甘肃省.
    pub province: String,
    /// Prefecture-level city or prefecture, e.g. 天水市.
    pub prefecture: String,
    /// The helping district of the pairing map.
    pub paired_district: DistrictId,
    /// Whether it counts as a deep-poverty county (深度贫困县), which sets the higher tier of some
    /// per-county targets (致富带头人: 150 rather than 100). The seed's only source is 附件9's label
    /// "42个深度贫困县", read as every county of the map; a planner may say otherwise per county.
    pub deep_poverty: bool,
}

/// How firmly the seed states a target figure, which decides what falling short of it means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetReading {
    /// 不少于, 确保, 以上 — a floor to be met: short of it is a gap.
    #[default]
    Firm,
    /// 力争 — a stretch target: short of it is "behind the stretch target", a note.
    Stretch,
    /// 预计 — an estimate of what will happen (预计培训200人): a figure below it is a note.
    Estimate,
    /// 已… — what the plan records as done (已拨付20.57亿元): a figure is asked only to confirm it.
    Done,
}

/// A helper's skills (sectors, specialities), sorted, each named once. The names are shared: a
/// national dataset's 127,000 enterprises name some twenty sectors, and a set of strings each was
/// a fifth of the memory of reading them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Skills(Box<[std::sync::Arc<str>]>);

impl Skills {
    /// From names already shared (see [`Skills`]); sorted and deduplicated here.
    pub fn from_shared(mut names: Vec<std::sync::Arc<str>>) -> Self {
        names.sort_unstable();
        names.dedup();
        Skills(names.into_boxed_slice())
    }

    /// Whether one of the skills is `skill`.
    pub fn contains(&self, skill: &str) -> bool {
        self.0.binary_search_by(|s| (**s).cmp(skill)).is_ok()
    }

    /// The skills in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|s| &**s)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Skills {
    fn from_iter<I: IntoIterator<Item = S>>(names: I) -> Self {
        Skills::from_shared(names.into_iter().map(|s| s.as_ref().into()).collect())
    }
}

/// One who helps: an enterprise, a hospital… It belongs to a district and may be mobilised by a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Helper {
    /// Stable identifier from the helper table.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The district whose quota this helper's pairings count toward; `None` for a city-level helper
    /// (a 市属 hospital) that belongs to no district.
    pub district: Option<DistrictId>,
    /// The city unit that mobilised it, if any; its pairings also count toward the unit's minimum.
    pub unit: Option<UnitId>,
    /// The most recipients it may take.
    pub capacity: Count,
    /// What it is good at (sectors, specialities), matched against a recipient's trait.
    pub skills: Skills,
}

/// One who is helped: a village, a county hospital…
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// Stable identifier (for villages, the 12-digit NBS code).
    pub id: String,
    /// Display name.
    pub name: String,
    /// The county of the pairing map it lies in, whose paired district is its preferred helper
    /// district; `None` for a recipient outside the map (a Changdu or Hotan hospital department).
    pub county: Option<CountyId>,
    /// Its main trait (a village's main industry), matched against helpers' skills.
    pub main_trait: String,
    /// For a recipient outside the county map, the districts the map pairs with its region (the
    /// 4 of 西藏昌都, the 5 of 承德市): they serve it on the map, any other district off it. Empty
    /// for a recipient of a county (its county decides) or of no region (anyone serves it).
    pub region_districts: Vec<DistrictId>,
    /// How long a posting to it lasts, for a post people hold for a time (任期).
    pub tenure: Option<Tenure>,
}

/// How long a posting lasts and the clause that says so: a posting that started on `start` ends
/// on `start` + `months`, and the post is then filled again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenure {
    /// Months (援派时间1年半: 18).
    pub months: u32,
    /// The clause (附件1 二(二)1 援派时间1年半).
    pub clause: String,
}

impl Tenure {
    /// The day a posting that started on `start` ends (the same day of the month, or the month's
    /// last day when it has none: a posting from 31 August for 6 months ends on 28 or 29 February).
    pub fn ends(&self, start: jiff::civil::Date) -> jiff::civil::Date {
        start
            .checked_add(jiff::Span::new().months(i64::from(self.months)))
            .unwrap_or(jiff::civil::Date::MAX)
    }
}

/// Where a program comes from and what it is called; shown in every summary.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramInfo {
    /// Short name used on the command line, e.g. `villages`.
    pub name: String,
    /// Chinese title, e.g. 万企帮万村.
    pub title: String,
    /// What a unit of an allotment is called (person-times); `pairings` for plain pairings.
    pub unit_noun: String,
    /// Where in the seed the program and its numbers are defined.
    pub source: String,
    /// What the helpers are called in output (企业).
    pub helper_noun: String,
    /// What the recipients are called in output (村).
    pub recipient_noun: String,
    /// Where the helpers' capacity is read, as `FILE: COLUMN` (e.g. `hospitals.csv: person_times`),
    /// when the program bounds helpers by it. Programs that read the same capacity draw on one
    /// resource: a hospital's person-times per year are shared by every team it sends, so such
    /// programs are planned together and audited together.
    pub capacity_source: Option<String>,
    /// The files the program reads, each with what it is used for and whether it is official.
    pub inputs: Vec<ProgramInput>,
    /// When the pairings must be in place (YYYY-MM-DD), if the seed sets a deadline: before it, a
    /// ledger's missing pairings are still to come, after it they are late.
    pub due: Option<String>,
    /// Rules of the model left unchecked because a planner's own lists lack their table (unit
    /// minimums, province totals): said as notes, never compared with the 2019 figures.
    pub not_checked: Vec<NotChecked>,
}

/// A rule of a program's model that a planner's own lists give no table for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NotChecked {
    /// The rule, as the models name it (`unit_minimum`, `province_totals`).
    pub rule: String,
    /// Where the seed sets it.
    pub clause: String,
    /// The table it would read (`units.csv`).
    pub table: String,
}

/// One file a program reads, and where its content comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProgramInput {
    /// The file in the dataset.
    pub file: String,
    /// What the program reads it for (`helpers`, `recipients`, a rule's name, `pairing map`…).
    pub used_as: Vec<String>,
    /// Official or not.
    #[serde(flatten)]
    pub origin: Origin,
}

/// Where a table's content comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "origin", content = "clause", rename_all = "snake_case")]
pub enum Origin {
    /// Transcribed from the seed: the clause that gives it (附件10 四1).
    Official(String),
    /// Generated by `pairplan generate`: every row says `source` = synthetic.
    Synthetic,
    /// Neither declared official nor labelled synthetic: the planners' own data.
    Given,
}

impl Origin {
    /// The word the summaries use.
    pub fn label(&self) -> &'static str {
        match self {
            Origin::Official(_) => "official",
            Origin::Synthetic => "synthetic",
            Origin::Given => "given",
        }
    }

    /// Where the data comes from, in the reader's language (官方, 合成, 自有).
    pub fn title(&self) -> String {
        match self {
            Origin::Official(_) => crate::tr!("origin-official"),
            Origin::Synthetic => crate::tr!("origin-synthetic"),
            Origin::Given => crate::tr!("origin-given"),
        }
    }
}

impl ProgramInfo {
    /// Where the table read for `role` (`helpers`, `recipients`) comes from, if the program reads one.
    pub fn origin_of(&self, role: &str) -> Option<&Origin> {
        self.inputs
            .iter()
            .find(|input| input.used_as.iter().any(|used| used == role))
            .map(|input| &input.origin)
    }
}

/// A validated, self-consistent pairing problem: the data of one program and the rules it must keep.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// Which program this is.
    pub program: ProgramInfo,
    /// The requirements every plan must satisfy, interpreted by both the LP builder and the checker.
    pub rules: RuleSet,
    /// The weights of the preferences.
    pub costs: Costs,
    /// Districts, in file order.
    pub districts: Vec<District>,
    /// City units, in file order.
    pub units: Vec<Unit>,
    /// Counties of the pairing map, in file order.
    pub counties: Vec<County>,
    /// Helpers, sorted by id.
    pub helpers: Vec<Helper>,
    /// Recipients, sorted by id.
    pub recipients: Vec<Recipient>,
    /// Last year's pairings still expressible in this year's data (`plan --previous`): keeping each
    /// is preferred at the `change` weight; empty when planning from nothing.
    pub previous: Vec<Assignment>,
    /// A hard limit on the changes to last year's pairings (`plan --max-changes`).
    pub change_budget: Option<ChangeBudget>,
    /// Last year's postings that continue into the plan (`plan --as-of`: their post's tenure has
    /// not run out): each pair carries at least these units, where it may be planned at all.
    pub continuing: Vec<Assignment>,
}

/// At most `most` units of last year's pairings may change, of which `forced` are changed whatever
/// the plan (rows naming ids this year's data lacks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeBudget {
    /// The changes allowed in all.
    pub most: Count,
    /// The changes no plan can avoid.
    pub forced: Count,
}

impl Instance {
    /// Whether a pairing of `helper` with `recipient` follows the pairing map (the recipient's county
    /// is paired with the helper's district).
    ///
    /// A recipient outside the county map follows its region's districts (`region_districts`: 附件3's
    /// regions, or the prefecture or province a post serves): on the map with them and with the
    /// city's units (the map pairs districts only), off it with other districts; with no region, on
    /// the map with every helper. A helper of no district is off the map for every recipient that
    /// has a county.
    pub fn on_map(&self, helper: HelperId, recipient: RecipientId) -> bool {
        let r = &self.recipients[recipient.0];
        let district = self.helpers[helper.0].district;
        match (r.county, district) {
            (Some(county), _) => Some(self.counties[county.0].paired_district) == district,
            // A city unit belongs to no district: no region's map leaves it out.
            (None, None) => true,
            (None, Some(d)) => r.region_districts.is_empty() || r.region_districts.contains(&d),
        }
    }

    /// Whether a city unit (no district) serves a recipient of a region with paired districts: on
    /// the map, since the map pairs districts only, but after the region's own districts.
    pub fn beside_region(&self, helper: HelperId, recipient: RecipientId) -> bool {
        let r = &self.recipients[recipient.0];
        r.county.is_none()
            && !r.region_districts.is_empty()
            && self.helpers[helper.0].district.is_none()
    }

    /// The name of a recipient's county, or `""` outside the map.
    pub fn county_name(&self, recipient: RecipientId) -> &str {
        self.recipients[recipient.0]
            .county
            .map_or("", |c| self.counties[c.0].name.as_str())
    }

    /// The name of a helper's district, or `""` for a city-level helper.
    pub fn district_name(&self, helper: HelperId) -> &str {
        self.helpers[helper.0]
            .district
            .map_or("", |d| self.districts[d.0].name.as_str())
    }

    /// The district quota rule, if the program has one.
    pub fn district_quotas(&self) -> Option<&std::collections::BTreeMap<DistrictId, Count>> {
        let Some(Rule::DistrictQuota { quotas }) = self.rules.get(RuleKind::DistrictQuota) else {
            return None;
        };
        Some(quotas)
    }

    /// The unit minimum rule, if the program has one.
    pub fn unit_minimums(&self) -> Option<&std::collections::BTreeMap<UnitId, Count>> {
        let Some(Rule::UnitMinimum { minimums }) = self.rules.get(RuleKind::UnitMinimum) else {
            return None;
        };
        Some(minimums)
    }

    /// A district's quota: `None` when the program sets no quotas, `Some(0)` for a district that
    /// holds none under a program that does.
    pub fn quota_of(&self, district: DistrictId) -> Option<Count> {
        self.district_quotas()
            .map(|quotas| quotas.get(&district).copied().unwrap_or(0))
    }

    /// How many helpers each recipient must have, as `(min, max)`: the coverage rule's, or
    /// [`DEFAULT_COVERAGE`] when the program sets none.
    pub fn coverage(&self) -> (Count, Count) {
        self.coverage_rule().unwrap_or(DEFAULT_COVERAGE)
    }

    /// Whether the program's coverage is [`DEFAULT_COVERAGE`] because its model states none: a plain
    /// program (not an allotment) without a coverage rule. `programs` says so beside the rules.
    pub fn coverage_is_default(&self) -> bool {
        !self.is_allotment() && self.coverage_rule().is_none()
    }

    /// The coverage rule's `(min, max)` helpers per recipient, if the program sets one; a rule
    /// without a most (至少一家) has `Count::MAX`, which every bound built from it saturates at.
    pub fn coverage_rule(&self) -> Option<(Count, Count)> {
        let Some(Rule::Coverage { min, max }) = self.rules.get(RuleKind::Coverage) else {
            return None;
        };
        Some((*min, max.unwrap_or(Count::MAX)))
    }

    /// The allowed pairs and their costs, if the program restricts pairs to a candidate list.
    pub fn allowed_pairs(
        &self,
    ) -> Option<&std::collections::BTreeMap<(RecipientId, HelperId), f64>> {
        let Some(Rule::AllowedPairs { costs }) = self.rules.get(RuleKind::AllowedPairs) else {
            return None;
        };
        Some(costs)
    }

    /// The units each recipient must receive, `(min, max)`, if the program is an allotment.
    pub fn recipient_units(&self) -> Option<(Count, Option<Count>)> {
        let Some(Rule::RecipientUnits { min, max }) = self.rules.get(RuleKind::RecipientUnits)
        else {
            return None;
        };
        Some((*min, *max))
    }

    /// Exact units per recipient, if the program sets them.
    pub fn recipient_demand(&self) -> Option<&std::collections::BTreeMap<RecipientId, Count>> {
        let Some(Rule::RecipientDemand { demand }) = self.rules.get(RuleKind::RecipientDemand)
        else {
            return None;
        };
        Some(demand)
    }

    /// Whether pairings carry units (an allotment) rather than being plain pairings.
    pub fn is_allotment(&self) -> bool {
        self.recipient_units().is_some() || self.recipient_demand().is_some()
    }

    /// The most recipients one helper may be paired with, if the program bounds it.
    pub fn helper_partners(&self) -> Option<Count> {
        let Some(Rule::HelperPartners { max }) = self.rules.get(RuleKind::HelperPartners) else {
            return None;
        };
        Some(*max)
    }

    /// Pairs the program forbids, if any.
    pub fn forbidden_pairs(&self) -> Option<&std::collections::BTreeSet<(RecipientId, HelperId)>> {
        let Some(Rule::ForbiddenPairs { pairs }) = self.rules.get(RuleKind::ForbiddenPairs) else {
            return None;
        };
        Some(pairs)
    }

    /// Pairs every plan must keep, if any.
    pub fn fixed_pairs(&self) -> Option<&std::collections::BTreeSet<(RecipientId, HelperId)>> {
        let Some(Rule::FixedPairs { pairs }) = self.rules.get(RuleKind::FixedPairs) else {
            return None;
        };
        Some(pairs)
    }

    /// The senders named for some recipients, if the program names any.
    pub fn named_senders(
        &self,
    ) -> Option<&std::collections::BTreeMap<RecipientId, std::collections::BTreeSet<HelperId>>>
    {
        let Some(Rule::NamedSenders { senders, .. }) = self.rules.get(RuleKind::NamedSenders)
        else {
            return None;
        };
        Some(senders)
    }

    /// The program whose pairs this one follows, and those pairs (filled in once it is planned).
    pub fn pairs_of(&self) -> Option<(&str, &std::collections::BTreeSet<(RecipientId, HelperId)>)> {
        let Some(Rule::PairsOf { program, pairs }) = self.rules.get(RuleKind::PairsOf) else {
            return None;
        };
        Some((program, pairs))
    }

    /// Fills in the pairs of the program this one follows, from that program's plan: helpers and
    /// recipients are matched by id (both programs read the same tables). An id this program lacks
    /// is named in the error.
    pub fn follow(&mut self, source: &Instance, plan: &Plan) -> Result<(), String> {
        let helpers: FastMap<&str, usize> = self
            .helpers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.id.as_str(), i))
            .collect();
        let recipients: FastMap<&str, usize> = self
            .recipients
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let mut followed = std::collections::BTreeSet::new();
        for a in &plan.assignments {
            let helper = &source.helpers[a.helper.0].id;
            let recipient = &source.recipients[a.recipient.0].id;
            match (
                recipients.get(recipient.as_str()),
                helpers.get(helper.as_str()),
            ) {
                (Some(&r), Some(&h)) => {
                    followed.insert((RecipientId(r), HelperId(h)));
                }
                _ => return Err(format!("{recipient}–{helper}")),
            }
        }
        for rule in self.rules.iter_mut() {
            if let Rule::PairsOf { pairs, .. } = rule {
                *pairs = std::mem::take(&mut followed);
            }
        }
        Ok(())
    }

    /// The units every plan of the program carries, when its rules fix them: the stated total, or
    /// the posts' demands added up. `None` for a program whose size is the planner's choice.
    pub fn stated_units(&self) -> Option<u64> {
        self.total_units().map(u64::from).or_else(|| {
            self.recipient_demand()
                .map(|demand| demand.values().map(|&d| u64::from(d)).sum())
        })
    }

    /// Whether a pair may not be used at all, by any of the program's rules ([`Rule::excludes_pair`]:
    /// forbidden, outside the candidates, not among the recipient's named senders, or not a pair of
    /// the program followed).
    pub fn pair_excluded(&self, recipient: RecipientId, helper: HelperId) -> bool {
        self.rules
            .iter()
            .any(|rule| rule.excludes_pair(recipient, helper))
    }

    /// Recipients named by a forbidden or fixed pair or with named senders: the model must see each
    /// of their pairs, so they are never pooled with others nor sent through a district hub.
    pub fn pinned_recipients(&self) -> std::collections::BTreeSet<RecipientId> {
        self.forbidden_pairs()
            .into_iter()
            .chain(self.fixed_pairs())
            .flatten()
            .map(|&(recipient, _)| recipient)
            .chain(
                self.named_senders()
                    .into_iter()
                    .flat_map(|n| n.keys().copied()),
            )
            .chain(
                self.pairs_of()
                    .into_iter()
                    .flat_map(|(_, pairs)| pairs.iter().map(|&(r, _)| r)),
            )
            .collect()
    }

    /// Whether an allotment's rules count pairings as well as units (how many helpers a recipient
    /// has, how many recipients a helper takes). Units alone are a flow; counting the pairs that
    /// carry them is not, so such a program needs a binary per pair.
    pub fn counts_pairs(&self) -> bool {
        self.is_allotment()
            && (self.rules.has(RuleKind::Coverage) || self.rules.has(RuleKind::HelperPartners))
    }

    /// Whether a recipient must be served at all: it needs a helper (coverage at least 1), or units
    /// in an allotment. A post demanding 0 cadres needs nobody, so nobody being able to serve it is
    /// no problem.
    pub fn needs_service(&self, recipient: RecipientId) -> bool {
        if self.is_allotment() {
            self.unit_bounds(recipient).0 > 0
                || (self.counts_pairs() && self.coverage_rule().is_some_and(|(min, _)| min > 0))
        } else {
            self.coverage().0 > 0
        }
    }

    /// The units a recipient must receive in an allotment, `(min, max)`: its demand when one is set,
    /// otherwise the `recipient_units` bounds.
    pub fn unit_bounds(&self, recipient: RecipientId) -> (Count, Count) {
        if let Some(&demand) = self.recipient_demand().and_then(|d| d.get(&recipient)) {
            return (demand, demand);
        }
        match self.recipient_units() {
            Some((min, Some(max))) => (min, max),
            Some((min, None)) => (min, self.most_units_per_recipient()),
            None => (0, self.most_units_per_recipient()),
        }
    }

    /// The program's total of units, if it sets one.
    pub fn total_units(&self) -> Option<Count> {
        let Some(Rule::TotalUnits { total }) = self.rules.get(RuleKind::TotalUnits) else {
            return None;
        };
        Some(*total)
    }

    /// Whether [`Instance::most_units_per_recipient`] is every helper's capacity together (no
    /// demand, no most per recipient, no total): one helper's capacity then bounds every recipient.
    pub fn recipients_bounded_by_capacities(&self) -> bool {
        self.recipient_demand().is_none()
            && !matches!(self.recipient_units(), Some((_, Some(_))))
            && self.total_units().is_none()
    }

    /// The most units one recipient can receive: the rule's bound, else the program total, else
    /// every helper's capacity together.
    pub fn most_units_per_recipient(&self) -> Count {
        let capacity: u64 = self.helpers.iter().map(|h| u64::from(h.capacity)).sum();
        if let Some(most) = self.recipient_demand().and_then(|d| d.values().max()) {
            return *most;
        }
        match self.recipient_units() {
            Some((_, Some(max))) => max,
            _ => self
                .total_units()
                .unwrap_or(u32::try_from(capacity).unwrap_or(u32::MAX)),
        }
    }

    /// Whether a helper may take any recipient at all: it has capacity, and its district holds a
    /// quota where the program sets quotas.
    pub fn helper_usable(&self, helper: HelperId) -> bool {
        let h = &self.helpers[helper.0];
        // Under quotas, only a helper of a district holding one may serve.
        let quota_allows = match (self.district_quotas(), h.district) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(_), Some(d)) => self.quota_of(d).is_some_and(|q| q > 0),
        };
        h.capacity > 0 && quota_allows
    }

    /// Whether the program bounds each helper by its capacity.
    pub fn has_capacity_rule(&self) -> bool {
        self.rules.has(RuleKind::HelperCapacity)
    }

    /// Whether a pairing lacks a matching skill: the recipient has a main trait (a village's
    /// industry) that none of the helper's skills names. The one definition the objective's
    /// mismatch cost and the summaries' count both use.
    pub fn skill_mismatch(&self, helper: HelperId, recipient: RecipientId) -> bool {
        let main_trait = &self.recipients[recipient.0].main_trait;
        !main_trait.is_empty() && !self.helpers[helper.0].skills.contains(main_trait)
    }

    /// The balance measure of helpers' loads (indexed by helper): Σ load² / capacity over the
    /// helpers with a capacity. The one sum the objective weighs and the summaries print.
    pub fn balance_sum(&self, loads: &[Count]) -> f64 {
        self.helpers
            .iter()
            .zip(loads)
            .filter(|(helper, _)| helper.capacity > 0)
            .map(|(helper, &load)| f64::from(load).powi(2) / f64::from(helper.capacity))
            .sum()
    }
}

/// One pairing (结对): a helper serving a recipient, with the whole units it carries — 1 for a plain
/// pairing, the person-times (人次) or cadres of an allotment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Assignment {
    /// Who is helped.
    pub recipient: RecipientId,
    /// Who helps.
    pub helper: HelperId,
    /// How many units the pairing carries.
    pub units: Count,
}

impl Assignment {
    /// A plain pairing, carrying one unit.
    pub fn pairing(recipient: RecipientId, helper: HelperId) -> Self {
        Assignment {
            recipient,
            helper,
            units: 1,
        }
    }
}

/// A set of pairings for one program, made by the solver or read from a planner's ledger.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// The pairings, sorted by recipient then helper.
    pub assignments: Vec<Assignment>,
}

impl Plan {
    /// Builds a plan, sorting the pairings so that output does not depend on how they were found.
    pub fn new(mut assignments: Vec<Assignment>) -> Self {
        assignments.sort();
        Plan { assignments }
    }

    /// The plan of units per pair.
    pub fn of_units(units: std::collections::BTreeMap<(RecipientId, HelperId), Count>) -> Self {
        Plan::new(
            units
                .into_iter()
                .map(|((recipient, helper), units)| Assignment {
                    recipient,
                    helper,
                    units,
                })
                .collect(),
        )
    }

    /// Each helper's load in units (recipients served, or person-times sent), indexed by helper.
    pub fn helper_loads(&self, helper_count: usize) -> Vec<Count> {
        let mut loads = vec![0; helper_count];
        for assignment in &self.assignments {
            loads[assignment.helper.0] += assignment.units;
        }
        loads
    }

    /// How many distinct recipients each helper is paired with, indexed by helper (a ledger that
    /// lists a pair twice still pairs it once).
    pub fn helper_partners(&self, helper_count: usize) -> Vec<Count> {
        let mut partners = vec![0; helper_count];
        let mut pairs: Vec<(HelperId, RecipientId)> = self
            .assignments
            .iter()
            .map(|a| (a.helper, a.recipient))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        for (helper, _) in pairs {
            partners[helper.0] += 1;
        }
        partners
    }

    /// Each recipient's units received, indexed by recipient.
    pub fn recipient_units(&self, recipient_count: usize) -> Vec<Count> {
        let mut units = vec![0; recipient_count];
        for assignment in &self.assignments {
            units[assignment.recipient.0] += assignment.units;
        }
        units
    }
}
