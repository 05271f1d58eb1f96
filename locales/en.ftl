# pairplan's interface in English. Each message has the same key in zh.ftl (a test checks it).
# Machine names (CSV columns, JSON keys, finding kinds) are not here: they never change.

test-covered = { $covered } of { $total } { $noun } covered

## Nouns the models use (key: noun- and the model's word, spaces as -).
noun-villages = villages
noun-enterprises = enterprises
noun-county-hospitals = county hospitals
noun-county-posts = county posts
noun-departments = departments
noun-posts = posts
noun-hospitals = hospitals
noun-districts = districts
noun-subjects = subjects
noun-sources = sources
noun-cadres = cadres
noun-person-times = person-times
noun-professionals = professionals
noun-pairings = pairings

## plan
plan-dataset = dataset { $name } — { $title }
summary-headline = { $program } { $title } — { $covered } of { $recipients } { $noun } covered, { $pairings } pairings{ $carrying } ({ $offmap } off the pairing map, { $mismatches } without a matching skill)
summary-carrying = { " " }carrying { $units } { $unit }
summary-source = source: { $source }
detail-due = due: the pairings in place by { $due }
detail-no-due = due: the seed sets no date for these pairings (part of the 2019 work)
inputs-official = official: { $files }
inputs-synthetic = synthetic (invented by `pairplan generate`, not from the seed): { $files }
inputs-given = given (your own data): { $files }
col-district = district 区
col-subject = subject 对象
col-quota = quota
col-helpers-used = helpers used
col-mean-load = mean load
col-max-load = max load
col-mean-use = mean use
col-off-map = off-map
col-city-unit = city unit 市级单位
col-unit-district = district
col-minimum = minimum
col-covered = covered
summary-use = highest use of one helper's capacity: { $percent }%
summary-balance = balance: Σ load²/capacity = { $balance }, highest utilisation { $percent }%
summary-objective = objective { $objective } ({ $solver }: { $size }), status: { $status }
status-optimal = optimal
status-time-limit = time limit reached, not proven the best
status-search-limit = search step limit reached, not proven the best
summary-size-flow = { $arcs } arcs, { $nodes } nodes
summary-size-lp = { $variables } variables, { $constraints } constraints
summary-method = method: { $method }
summary-not-planned = warning: { $programs } read the same capacity but were not planned in this run: what they take is not deducted; plan them together (without --program) to keep each helper within its one capacity
summary-planned-with = planned together with { $programs }: they draw on one capacity per helper ({ $shared }), so the objective is theirs together
summary-time-limit = the time limit ran out: this plan meets every rule (it passed check) but is not proven the best one
summary-search-limit = the search for team members' minimums stopped at its step limit: this plan meets every rule (it passed check) but is not proven the best one
tenure-continues = { $units } continuing until { $until } ({ $clause })
tenure-ended = { $units } ended { $on } ({ $clause })
tenure-new = { $units } newly posted from { $from } until { $until }
tenure-ahead = { $units } already posted, starting { $from } (after --as-of: check the year) until { $until } ({ $clause })
tenures-line = postings as of { $as_of }: { $continuing } continue (tenure not over), { $ended } ended and filled again
tenures-within-year = { $count } of them end by { $until } and are filled again within the year
tenures-ahead = { $count } start after { $as_of } (posted ahead: check the year)
tenures-without-start = { $count } had no start date: taken as begun { $start }
tenures-untenured = { $count } on posts with no single tenure, kept as last year's pairings
changes-line = against { $previous }: { $kept } { $unit } kept, { $changed } changed, { $new } new, { $dropped } dropped
changes-twice = the previous file lists { $count } pair(s) twice, each one pairing, kept once: { $pairs }
changes-more = { "  " }… and { $count } more (all are in the --out workbook or CSV and in --format json)
notes-heading = notes on the data:

## whatif
col-scenario = scenario
col-program = program
col-plan = plan
col-mismatches = mismatches
col-balance = balance
col-moved = moved
col-objective = objective
col-vs-baseline = vs baseline
plan-yes = yes
plan-none = none
sweep-heading = sweep { $key }

## programs
col-title = title, seed 名称·依据
col-size = kind, size 类型·规模
programs-targets-only = targets only
programs-more = each one's rules, seed clauses and inputs: pairplan programs --program NAME

## check
check-coverage-line = { $program } { $title }: { $covered } of { $recipients } { $noun } covered, { $missing } missing
col-province = province 省
col-prefecture = prefecture 市州
col-county = county 县
col-recipients = recipients
col-missing = missing
col-short = short
col-over = over
check-total = { $province } 合计
check-by-county = { $program } coverage by county
check-by-district = { $program } coverage by district
check-findings = { $count } { $heading }: { $gaps } gaps, { $notes } notes
check-findings-word = findings
check-other-findings-word = other findings
actuals-heading = { $table }: figures against what is due ({ $due })
col-indicator = indicator 指标
col-actual = actual
col-due = due
col-target = target
col-standing = standing
standing-on-track = on track
standing-behind = behind
standing-behind-stretch = behind the stretch target
standing-below-estimate = below the estimate
standing-below-recorded = below the figure recorded
reading-stretch = stretch { $bound }
reading-estimate = estimated { $value }
reading-done = recorded as done: { $value }
mean-of-parts = on average { $bound }
standing-not-reported = not reported
actuals-count = { $ontrack } on track, { $behind } behind, { $missing } not reported{ $soft ->
    [0] {""}
   *[other] , and { $soft } short of a stretch target, an estimate or a figure recorded as done (notes)
}
actuals-gaps = { $gaps } gaps in the figures (behind or not reported, each in the tables above)

## report (HTML)
report-subtitle-plan = plan of every program
report-subtitle-program = plan of { $program }
report-subtitle-against = against { $file }
report-subtitle-scenario = scenario { $file }
report-subtitle-whatif = what-if: the baseline and { $count ->
    [one] one scenario
   *[other] { $count } scenarios
}
report-no-plan = { $program } — no plan
report-notes = Notes on the data
report-headline = { $covered } of { $recipients } { $noun } covered, { $pairings } pairings{ $carrying }; { $offmap } off the pairing map, { $mismatches } without a matching skill.
report-seed = seed: { $source }
report-input = input 输入
report-used-as = used as
report-origin = origin 来源
report-official = official 官方 — { $clause }
report-synthetic = synthetic 合成 — invented by pairplan generate, not from the seed
report-given = given — your own data
report-districts = Each district: quota and load ({ $noun })
report-load = load
report-quota = quota 任务
report-off-map = off the map
report-counties = Coverage by prefecture and county ({ $noun } covered of all)
report-in-county = in the county
report-covered = covered 已覆盖
report-loads = How the { $noun } use their capacity ({ $count } helpers with capacity)
report-changes = Against { $previous }: kept, changed, new, dropped
report-kept = kept 保留
report-changed = changed
report-new = new 新增
report-dropped = dropped 取消
report-scenarios = Scenarios side by side
report-scenario-chart = { $program }: units moved against the baseline, and the objective's change
report-scenario-value = { $moved } moved, objective { $change }
report-footer = Made by pairplan from the 2019 work plans (official) and their synthetic complement; every synthetic input is marked as such above.

## workbook sheets
sheet-pairings = pairings
sheet-by_district = by_district
sheet-by_county = by_county
sheet-by_unit = by_unit
sheet-findings = findings
sheet-sources = sources
sheet-manifest = manifest
sheet-changes = changes
sheet-comparison = comparison
sheet-sweep = sweep
sheet-actuals = actuals
sheet-overview = overview

## workbook column headers (the CSV keys stay as they are; the workbook shows these)
column-actual = actual
column-balance = balance
column-clause = clause
column-bound = bound
column-due_date = due_date
column-code = code
column-county = county
column-covered = covered
column-district = district
column-due = due
column-due_by = due_by
column-expected = expected
column-feasible = feasible
column-file = file
column-helper_district = helper_district
column-helper_id = helper_id
column-helper_name = helper_name
column-helper_unit = helper_unit
column-helpers = helpers
column-helpers_used = helpers_used
column-indicator = indicator
column-key = key
column-kind = kind
column-load = load
column-load_noun = load_noun
column-max_load = max_load
column-mean_load = mean_load
column-mean_utilisation = mean_utilisation
column-meaning = meaning
column-message = message
column-minimum = minimum
column-moved = moved
column-objective = objective
column-objective_change = objective_change
column-off_map = off_map
column-off_map_units = off_map_units
column-on_map = on_map
column-helper_data = helper_data
column-recipient_data = recipient_data
column-data = data
column-origin = origin
column-paired_district = paired_district
column-prefecture = prefecture
column-previous_units = previous_units
column-program = program
column-province = province
column-quota = quota
column-reason = reason
column-start = start
column-recipient_id = recipient_id
column-recipient_name = recipient_name
column-recipients = recipients
column-scenario = scenario
column-severity = severity
column-share = share
column-standing = standing
column-status = status
column-subject = subject
column-table = table
column-target = target
column-title = title
column-trait_mismatches = trait_mismatches
column-unit = unit
column-units = units
column-used_as = used_as
column-value = value

## --help (in English the doc comments are the help; these are their first lines)
help-about = pairplan (结对规划): pairing optimizer for Tianjin's east–west cooperation programs.
help-plan = Suggest pairings that meet every rule of each program, balanced, and print a summary
help-check = Audit existing pairings and the data: what is still missing, what breaks a rule
help-programs = List the pairing programs and target tables: name, Chinese title, seed source, size, rules
help-generate = Generate the synthetic complement of a dataset (villages, enterprises, hospitals, posts, a ledger), deterministically
help-export = Write the exact problem a program is solved as — DIMACS min-cost flow, CPLEX LP or free MPS — for other solvers to compare with
help-diff = Compare two pairings files: units kept, changed, new and dropped per program and district, and the recipients whose helper changed
help-whatif = Plan the baseline and what-if scenarios side by side and compare them in one table
help-report = Write the report to look at: one self-contained HTML file with charts of the plan
help-completions = Print the shell completion script for bash, zsh, fish, powershell or elvish
help-man = Print the manual page (roff), or write one per command into a folder
help-arg-data = Dataset folder (with dataset.toml), or your own lists: one workbook (.xlsx) or a folder of CSV files (`pairplan init` writes a template); default: the embedded Tianjin 2019 dataset
help-arg-models = Folder of program models (*.toml); default: the models built in (`pairplan programs` lists them)
help-arg-program = The program, or several comma-separated (`pairplan programs` lists them); default: every program
help-arg-programs-program = Show one pairing program or target table in full: each rule with the seed clause that sets it, each input file official, synthetic or given, and what capacity it shares
help-arg-export-program = The one program to write (`pairplan programs` lists them)
help-arg-out = Write the output to this file: .xlsx a workbook, .json JSON, else CSV
help-arg-format = Format of standard output: table or json
help-arg-previous = Last year's pairings (a ledger, or a file `plan --out` wrote); several files and folders are read together (each district's 台账)
help-arg-scenario = A what-if scenario (a TOML file of edits)
help-arg-report = Also write the report to look at: one self-contained HTML file with charts
help-arg-lang = The interface language (zh 中文, en English); default from LC_ALL / LC_MESSAGES / LANG
help-arg-quiet = No progress bars
help-arg-verbose = Also show the solver's figures: objective, model size, method, Σ load²/capacity
help-arg-max_file_size = Largest input file accepted (e.g. 128M, 1G)
help-arg-max_line_length = Longest line accepted in an input file (e.g. 64K)

## input problems (the part after "expected" is still English)
problem-count = { $count ->
    [one] 1 input problem:
   *[other] { $count } input problems:
}
problem-column = column '{ $column }':{ " " }
problem-expected = expected { $expected }
problem-found = , found '{ $found }'

## notes on the data
note-no-quota-county = { $county } is paired with { $district }, which holds no { $program } quota: its { $count } { $noun } depend on other districts
note-no-quota-county-invented = {" "}(These recipients are synthetic: the generator spreads each province's total over every county of the map, this one included, so they are paired off the map. A list with no recipients in counties whose district holds no quota would have no off-map pairings; the real list decides.)
note-total-mismatch = the 合计 of column '{ $column }' reads { $declared } but the rows add up to { $sum } ({ $reason })

## check's findings
finding-uncovered = { $county }{ $name }（{ $id }）has { $count } { $noun } paired, needs at least { $min }
finding-over-covered = { $county }{ $name }（{ $id }）is paired { $count } times, at most { $max } allowed
finding-over-capacity = { $name }（{ $id }）serves { $load } { $noun }, above its capacity of { $capacity }
finding-too-many-partners = { $name }（{ $id }）is paired with { $count } { $noun }, at most { $max } allowed
finding-quota-short = { $district }'s { $helpers } cover { $covered } { $noun }, short of its quota of { $quota }
finding-quota-over = { $district }'s { $helpers } cover { $covered } { $noun }, above its quota of { $quota }
finding-unit-short = { $unit } has mobilised { $helpers } for { $covered } { $noun }, short of its minimum of { $minimum }
finding-units-short = { $name }（{ $id }）receives { $received } { $noun }, needs at least { $min }
finding-units-over = { $name }（{ $id }）receives { $received } { $noun }, at most { $max } allowed
finding-demand-short = { $name }（{ $id }）receives { $received } { $noun }, short of the { $needed } it needs
finding-demand-over = { $name }（{ $id }）receives { $received } { $noun }, above the { $needed } it needs
finding-total-short = { $sent } { $noun } are allotted in all, short of the program's total of { $total }
finding-total-over = { $sent } { $noun } are allotted in all, above the program's total of { $total }
finding-not-a-candidate = which is not among the allowed candidate pairs
finding-forbidden = a pair the program forbids
finding-fixed-dropped = a pair the program fixes, but the plan drops it
finding-pair = { $recipient }（{ $rid }）is paired with { $helper }（{ $hid }）, { $why }
finding-pair-to-stay = { $recipient }（{ $rid }）is to stay paired with { $helper }（{ $hid }）, { $why }
finding-no-district = no district
finding-off-map = { $within }{ $name } is paired with { $helper }（{ $district }）, but { $county } is paired with { $paired } on the map
finding-off-region = { $name } is served by { $helper } ({ $district }), a district outside those paired with its region ({ $paired }): a district off the map takes only what the paired districts cannot send
finding-named-sender-idle = { $unit } is named on its own for { $post } but sends nobody to it: each unit the seed names sends at least one
finding-member-below-minimum = { $helper } sends { $recipient } { $units } { $unit }, fewer than the { $min } a team member sends (or none)
finding-named-sender-cannot = { $unit } is named on its own for { $post }, but its capacity is 0: it cannot send anyone there (check its capacity)
finding-unreachable = no eligible { $helpers } can serve { $name }（{ $id }）
findings-seed = { " " }— seed: { $clause }

## why no plan
reason-and-more = { $list } and { $more } more
cause-no-candidate-pair = no allowed candidate pair names them
cause-no-quota = their counties' paired districts hold no quota and off-map pairing is not allowed
cause-no-capacity = the helpers of their counties' paired districts have no capacity and off-map pairing is not allowed
cause-no-helpers = their counties' paired districts have no helpers here and off-map pairing is not allowed
block-forbidden = the pair is forbidden too
block-helper-unusable = the helper has no capacity, or its district holds no quota
block-not-a-candidate = the pair is not among the allowed candidate pairs
block-off-map = the pair is off the pairing map, which the program forbids
reason-unreachable = { $count } { $noun } have no eligible helper at all (e.g. { $examples }): { $cause }
reason-no-helper-left = { $recipient }has no helper left: every one that may serve it is in a forbidden pair
reason-fixed-pair-impossible = { $recipient }cannot stay paired with { $helper }: { $block }
reason-fixed-pairs-on-recipient = { $recipient }has { $count } fixed pairs, but may have at most { $most } helpers
reason-fixed-pairs-on-helper = { $helper }has { $count } fixed pairs, but may take at most { $most }
reason-members-above-room = { $who }: { $pairs ->
    [one] 1 fixed pair
   *[other] { $pairs } fixed pairs
}, each team member sending at least { $minimum } (member_minimum), need { $needed }, but there is room for { $room }
reason-the-total = the program's total
reason-fixed-pairs-above-quota = { $district } keeps { $count } fixed pairings but its quota is { $quota }: { $excess } must move
reason-fixed-pairs-crowd-unit = { $unit } needs { $minimum } within { $district }'s quota of { $quota }, but the district's other helpers keep { $others } fixed pairings: room for { $room }
reason-partners-short = the { $recipients } need at least { $needed } pairings, but { $helpers } { $helper_noun } may take at most { $max } each ({ $offered }; short by { $short })
reason-demand-above-capacity = the { $recipients } need { $needed } { $unit } in all, but the helpers can send only { $usable } (short by { $short })
reason-district-demand-above-capacity = the { $recipients } of { $district }'s paired counties need { $needed } { $unit }, but its helpers can send only { $available } (short by { $short })
reason-total-above-capacity = the program's total is { $total } { $unit }, but the helpers can send only { $usable } (short by { $short })
reason-total-below-least = { $count } { $recipients } need at least { $each } { $unit } each ({ $least }), above the program's total of { $total }
reason-total-above-most = { $count } { $recipients } may take at most { $most } { $unit } together, below the program's total of { $total }
reason-quotas-vs-recipients = the district quotas add up to { $quotas }, but { $count } { $recipients } need { $pairings } pairings
reason-quota-above-capacity = { $district } has a quota of { $quota } but its helpers can take only { $available } (short by { $short })
reason-unit-above-capacity = { $unit } must reach { $minimum } but the helpers it mobilised can take only { $capacity } (short by { $short })
reason-units-above-quota = the unit minimums linked to { $district } add up to { $needed }, above its quota of { $quota }
reason-supply-nobody = nobody may serve them
reason-supply-only = only { $serving } may serve them, and by quota and capacity { $count ->
    [one] it
   *[other] they
} can take { $available }
reason-supply = the { $recipients } { $needing } need { $needed } { $unit }, but { $servers }: short by { $short }
reason-supply-of-counties = the { $recipients } of { $needing } need { $needed } { $unit }, but { $servers }: short by { $short }
reason-changes-needed = no plan changes at most { $budget } of last year's units: the fewest any plan needs is { $least } ({ $causes })
reason-not-all-at-once-quotas = each quota and minimum can be met on its own, but not all at once: the districts that may serve some counties lack the quota those counties need
reason-not-all-at-once = each rule can be met on its own, but not all at once: the { $helpers } each may serve cannot give every { $recipients } what it needs
infeasible-heading = no plan can meet every rule:
infeasible-reason = { "  " }- { $reason } (seed: { $seed })
time-limit-none = no plan found within the time limit of { $seconds } s (the rules were not shown impossible; allow more time with --time-limit)
search-limit-none = no plan found in { $nodes } steps of the search for team members' minimums (the rules were not shown impossible; a smaller team minimum in the model file makes the search shorter)

## diff and --explain
col-kept = kept
col-changed = changed
col-new = new
col-dropped = dropped
diff-nothing-moved = no pairing moved
diff-by-district = { $program } by district
diff-moved = moved ({ $count }):
binds-heading = what binds { $program }: { $at } of { $of } helpers at their capacity
binds-no-plan = there is no plan
binds-objective-changes = the objective changes by { $change }
binds-capacity = { "  " }- { $helper } uses all { $capacity } places: with one more, { $more }; with one fewer, { $fewer }
binds-no-change-has-a-plan = no change has a plan
binds-capacity-district = { "  " }- { $district }: { $count } helpers at capacity; one place more helps most at { $more }; one fewer costs least at { $fewer }
binds-city-level = city level
binds-no-move-has-a-plan = no move has a plan
binds-best-to = best to { $district }, objective { $change }
binds-best-from = best from { $district }, objective { $change }
binds-quota = { "  " }- { $district }: giving one of its quota away — { $give }; taking one more — { $take }
binds-unit = { "  " }- { $unit } covers { $covered } against its minimum of { $minimum }{ $binding }: with one more, { $more }; with one fewer, { $fewer }
binds-binding = { " " }(binding)

## why a pairing of the previous plan is dropped
drop-forbidden = the pair is forbidden this year
drop-fixed-elsewhere = { $recipient } is fixed to { $helper }（{ $id }）this year (保留结对)
drop-not-a-candidate = the pair is no longer one of the program's candidates
drop-no-capacity = { $helper }（{ $id }）takes no one this year (capacity 0)
drop-no-quota = { $district } holds no quota this year
drop-remapped = { $county } is paired with { $paired } this year and { $district } may not serve it
drop-capacity-fell = { $helper }（{ $id }）carried { $before } { $unit } { $then } but its capacity is { $capacity } now
drop-quota-fell = { $district } held { $before } pairings { $then } but its quota is { $quota } now: { $excess } must move
drop-unit-minimum = { $unit } must reach its minimum of { $minimum } through the enterprises it mobilised (they held { $before } { $then }) within { $district }'s quota: another enterprise of the district gives way
drop-all-given = { $recipient }（{ $id }）needs { $most } { $unit } this year, all given
drop-elsewhere = keeping it too would break a rule elsewhere: the plan keeps as many of the units held { $then } as the rules allow
drop-not-in-data = not in this year's data: { $message }

## what an input should have been (the "expected" of input problems)
expected-no-invisible = text without invisible characters (U+{ $code } at character { $at })
expected-csv-header = a CSV header row ({ $error })
expected-well-formed-csv = well-formed CSV ({ $error })
expected-header-row = a header row naming the columns
expected-column-once = each column named once (column { $column } has the same name as column { $first })
expected-column = a header with the column '{ $name }'
expected-whole-number = a non-negative whole number
expected-number = a finite, non-negative number
expected-non-empty = a non-empty value
expected-yes-no = 是 or 否 (yes or no); blank means the column's default
expected-sum-or-mean = either sum_of or mean_of, not both
expected-region = a region of the pairing map (a prefecture or province of counties.csv) or of the regions table{ $hint }
expected-cells = { $count } cells, one per column of the header
expected-closest = ; closest: { $names }
expected-known = a known { $what }{ $hint }
expected-unique = a unique value (already on line { $first })
expected-total-row = a total row with '{ $total }' in column '{ $column }'
expected-sum = the sum of the rows above ({ $sum })
noun-helper-id = helper id
noun-helper-name = helper name
noun-recipient-id = recipient id
noun-district = district
noun-city-unit = city unit
noun-county-of-the-pairing-map = county of the pairing map
expected-readable = a readable file ({ $error })
expected-regular-file = a regular file, not { $kind }
expected-file-size = a file of at most { $size } (the limit; raise it with --max-file-size)
found-line-of = a line of { $size }
expected-line-length = lines of at most { $size } (the limit; raise it with --max-line-length)
expected-ids-in-full = ids written out in full, but a spreadsheet stored this column as numbers and shortened { $count } of them, losing their last digits; open the workbook pairplan writes (--out FILE.xlsx keeps ids as text), or format the column as text (设置单元格格式 → 文本) and paste the ids again before saving as CSV
kind-folder = a folder
kind-symlink = a symbolic link
kind-fifo = a named pipe (FIFO)
kind-device = a device
kind-socket = a socket
kind-special = a special file
help-arg-actuals = The reported figures (table, subject, indicator, actual; `programs --actuals-template` writes one) to audit against the target tables
help-arg-as_of = The date the figures and pairings stand at (YYYY-MM-DD): the milestones due by then apply; pairings not yet due are still to come
help-arg-plan-as_of = With --previous: the day the plan starts (YYYY-MM-DD). Last year's postings whose tenure has run out by then (start + tenure) are filled again; those that continue stay where they are; the CSV's reason says which, per post
help-arg-whatif-as_of = With --previous: the day the baseline starts (YYYY-MM-DD), as plan --as-of: ended postings are filled again, continuing ones stay
help-arg-pairings = Pairings to audit (at least program, helper_id, recipient_id); several files and folders are audited together (each district's 台账; a folder: every .csv and .xlsx in it); default: the dataset's ledger
help-arg-force = Write into --out even when it already holds files
help-arg-from = Folder with the official tables to start from; default: the embedded ones
help-arg-scale = What to generate: tianjin (the Tianjin 2019 dataset's synthetic complement) or national (a national-scale synthetic 万企帮万村 instance, about 139,000 villages and 127,000 enterprises, for measuring the tool)
help-arg-seed = Seed of the generator: the same seed gives the same files
help-arg-explain = Also say what binds each plan, and what one more or one fewer would change
help-arg-frontier = With --previous and --program: the trade between changes and the program's own objective
help-arg-manifest = Write a manifest (JSON): the SHA-256 of every input and of the pairings, and the settings
help-arg-max_changes = With --previous: change at most K of last year's units
help-arg-partial = Write the pairings of the programs that have a plan even when some have none
help-arg-renamed = With --previous: ids renamed since last year (old_id,new_id)
help-arg-solver = Solving method: auto (the flow where it can), flow or lp
help-arg-time_limit = Stop solving after this many seconds: the best plan found so far, or none
help-arg-diff = Also list the pairings each scenario moves, grouped by district
help-arg-sweep = A family of scenarios, one per value: move(A,B)=0..60:10, minimum(UNIT)=5..15:1, capacity(ID)=0..5:1, weight(NAME)=50..200:50
help-arg-old = The earlier pairings file (a ledger, or a plan)
help-arg-new = The later pairings file
help-arg-scenarios = The scenario files (TOML files of edits)
help-arg-shell = The shell: bash, zsh, fish, powershell or elvish

## target tables
due-whole = the whole target, due { $due }
due-share = { $percent }% of the target by { $date }
due-nothing-yet = nothing due yet
did-you-mean = ; did you mean { $name }?
did-you-mean-two = ; did you mean { $first } or { $second }?
did-you-mean-three = ; did you mean { $first }, { $second } or { $third }?
expected-target-table = a target table
expected-district-of = a subject of '{ $table }'
expected-indicator-of = an indicator of '{ $table }'
expected-one-figure = one figure per district and indicator ({ $district } { $indicator } is reported on line { $first } too)
indicator-named = '{ $indicator }' ({ $meaning })
finding-behind = { $district } { $title } { $indicator }: { $actual } so far, behind the { $due } due ({ $by }; full target { $target })
finding-behind-stretch = { $district } { $title } { $indicator }: { $actual } so far, behind the stretch target of { $due } ({ $by }; the seed writes 力争, so this is a note, not a gap; full target { $target })
finding-below-estimate = { $district } { $title } { $indicator }: { $actual }, below the { $due } the seed estimates (预计; { $by }): a note, not a gap
finding-below-recorded = { $district } { $title } { $indicator }: { $actual }, less than the { $due } the seed records as already done ({ $by }): check which figure is right
finding-not-reported = { $district } { $title } { $indicator }: no figure in { $file } ({ $due } due: { $by })

## scenario files
expected-program-list = a program ({ $programs }){ $hint }
expected-program = a program{ $hint }
expected-helpers-program = the program the helpers join (the scenario plans { $programs })
expected-a-district = a district{ $hint }
expected-helper-id-of = a helper id of { $program }{ $hint }
expected-at-most-held = at most { $held }, the quota { $district } holds in { $program }
expected-a-city-unit = a city unit{ $hint }
expected-a-county = a county of the pairing map{ $hint }
expected-not-banned = a pair not banned on line { $first }
expected-not-pinned = a pair not pinned on line { $first }
expected-recipient-id-of = a recipient id of { $program }{ $hint }
expected-weight = a weight from 0 to { $max }
expected-tenure-months = a tenure in whole months above 0 (援派时间1年半: 18), or an empty cell for a post with no single tenure
expected-off-map-with-region = an off_map cost, since the recipients name their region (column { $column }): without one, a district not paired with the region costs the same as a paired one, yet check reports it as off the map
expected-edit-concerns = an edit that concerns a program of the scenario (none of them has what it changes)
expected-not-removed = a helper not removed (line { $removed } removes it, so the pin of { $recipient } cannot hold)
expected-new-id = an id no helper of { $program } has ({ $id } is { $name })
expected-a-city-unit-word = a city unit
expected-a-district-word = a district
expected-linked-district = the district linked to unit { $unit } ({ $district })
expected-set-once = each value set once ({ $what } is set on line { $first } too)

## datasets, models, workbooks, ledgers
expected-own-program-name = a program name of its own ({ $file } has it too)
expected-one-of = one of { $values }
expected-name-of-kind = the name of a { $kind } of the dataset
expected-alias-once = each alias once (it already stands for { $before })
expected-rule-once = each kind of rule once (rule { $rule } is given again; the first is on line { $first })
expected-member-minimum-allotment = member_minimum only in an allotment (a program with recipient_units or recipient_demand): elsewhere every pairing is one unit
expected-min-not-above-max = { $what } min ({ $min }) not above max ({ $max })
expected-row-with = a row with '{ $program }' in column '{ $column }'
expected-cost = a number from -{ $max } to { $max }
expected-pair-once = each pair once (this pair is already on line { $first })
toml-one-of = one of { $names }
toml-known-key = a key this file takes: { $names }
toml-missing-key = a line `{ $key } = …` (it is missing)
toml-whole-number = a whole number, 0 or more
toml-integer = a whole number
toml-number = a number
toml-text = text in double quotes ("…")
toml-boolean = true or false
toml-list = a list in square brackets [ … ]
toml-table = a table of keys
toml-duplicate-key = `{ $key }` once in its table (it is given twice)
toml-quote-text = text in double quotes ("…"), as in `title = "…"`
toml-token = “{ $token }” here (TOML syntax)
toml-syntax = well-formed TOML ({ $detail })
toml-number-alone = a number alone (amount = 20, no words after it), or text in double quotes
toml-blocks = blocks written with double brackets [[…]], one per item
toml-number-in-range = a number of at most 19 digits
toml-without-quotes = { $kind }, written without quotes
toml-found-table = a table [ … ]
toml-found-list = a list [ … ]
toml-key-characters = a key of English letters, digits, - and _ (the keys a file takes are in README)
toml-half-width = half-width (English) characters: = " [ ] and digits as an English keyboard types them, not ＝ “ ” 【 】 ２０
expected-workbook = a workbook as Excel or WPS saves it (.xlsx, .xlsm, .xls, .ods): { $error }
expected-sheet = a sheet of the workbook ({ $sheets }){ $hint }
expected-a-sheet = a workbook with at least one sheet
expected-readable-sheet = a readable sheet '{ $sheet }' ({ $error }; open it in Excel or WPS and save it again)
found-merged = cells merged across rows { $from }–{ $to }
expected-unmerged = one value per row: unmerge the cells (取消合并单元格) and fill each row
expected-old-id-once = each old id once (already renamed on line { $first })
expected-inside-scenario-folder = a file inside the scenario's folder (named relative to it)
expected-helper-list = a list of new helpers (CSV or a workbook's sheet) in the scenario's folder { $dir }; there is no such file there
noun-unit = unit
noun-county = county

## command-line usage
usage-no-ledger = the dataset { $dataset } names no ledger: give one with --pairings FILE
usage-target-needs-actuals = --program { $table } is a target table, not a pairing: give the districts' figures with --actuals FILE (columns { $columns })
usage-data-folder = --data { $dir }: expected a dataset folder (with dataset.toml), a workbook of lists (.xlsx) or a folder of CSV lists; nothing is there
usage-data-not-lists = --data { $dir }: expected a dataset folder (with dataset.toml), a workbook of lists (.xlsx, .xlsm, .xls, .ods) or a folder of CSV lists; this is another kind of file (a single CSV list goes in a folder with the others)
usage-unknown-program = --program { $name }: expected a program or target table that `pairplan programs` lists: { $known }{ $hint }
usage-target-not-planned = --program { $table } is a target table, not a pairing: there is nothing to plan; audit the districts' figures with `pairplan check --actuals FILE --program { $table }`
usage-target-alone = --program { $table } is a target table: it is audited on its own (`pairplan check --actuals FILE --program { $table }`), not together with pairing programs
usage-program-empty = --program names no program: write one or several, comma-separated (`pairplan programs` lists them), or leave --program out for every program
usage-frontier-one-program = --frontier weighs one program's changes against its own objective: name one program with --program, not several ({ $programs })
wrote-file = wrote { $file }
refused-not-empty = the folder already holds { $count } entries; name an empty or new folder, or add --force to replace the files of the same name
wrote-files = wrote { $count } files to { $dir } (seed { $seed })
wrote-man-pages = wrote { $count } manual pages to { $dir }

## programs --program, --frontier
col-rule = rule 规则
col-seed-clause = seed clause 依据
detail-shares = shares its helpers' capacity ({ $capacity }) with { $programs }: planned together
col-changes = changes
col-change-weight = change weight
frontier-heading = { $program } against { $previous }: the best objective for each number of changes (each row a plan; for a budget in between, --max-changes)
target-detail = { $name } { $title } — target table, no pairing
    seed: { $source }
    file: { $file } (official)
    due: { $due }
target-milestone = milestone: { $percent }% of each target by { $date }
col-counts = counts 含义
col-city-total = city total 合计
target-how = who reports ({ $count }): { $districts }

    report figures with `pairplan check --actuals FILE [--as-of YYYY-MM-DD] --program { $name }`;
    FILE is a CSV with the columns { $columns }, one row per subject and indicator (`pairplan programs --actuals-template FILE` writes them all), e.g.
    { "  " }{ $example }

## check's ledger line, whatif --sweep
ledger-line = ledger { $file } — { $about }
ledger-synthetic = synthetic: invented by `pairplan generate` (with planted gaps), not an official record
ledger-given = given
not-audited = not audited, the ledger has no rows for them: { $programs } (name one with --program to audit it as empty)
sweep-wrong = --sweep '{ $sweep }': { $why }; expected { $expected }
sweep-expected = a sweep such as move(西青区,武清区)=0..60:10, minimum(市工商联)=5..15:1, capacity(E0123)=0..5:1 or weight(off_map)=50..200:50
sweep-no-equals = no '='
sweep-no-open = no '(' after the key
sweep-no-close = no ')' closing the arguments
sweep-no-range = no '..' in the range
sweep-not-a-number = '{ $text }' is not a number from 0
sweep-bad-range = the range must rise by a positive step, at most 10000 values
sweep-not-whole = { $value } is not a whole number
sweep-no-weight = no weight '{ $name }'
sweep-no-key = no sweep key { $key }
expected-text = UTF-8 or GBK text (invalid byte at offset { $offset }; { $looks }; save it as UTF-8, or as CSV from Excel/WPS)
not-gbk-either = not valid GBK either
looks-like = the file looks like { $encoding }
expected-inside-dataset = a file inside the dataset folder (dataset.toml and the models name files relative to it)
found-in-province = { $found } in { $province }
expected-province-count = { $expected } recipients in { $province }, as { $file }:{ $line } declares
expected-model-programs = names of programs the models define ({ $programs })
expected-date = a date such as 2019-08-20 (2019/8/20 and 2019年8月20日 are read too)
expected-column-of = a column of { $file } ({ $columns })
expected-embedded-file = a file of the embedded dataset
arg-seconds = expected a number of seconds above 0, found '{ $text }'
arg-date = expected { $expected }, found '{ $text }'
arg-size = expected a size such as 64K, 128M or 1G, found '{ $text }'
baseline-label = baseline
previous-last-year = last year ({ $file })
previous-baseline = the baseline plan, without the scenario “{ $title }”

## target tables stated as requirements
expected-target-source = a per-district table (`file` and `key`) or at least one [[targets.require]] in '{ $table }'
expected-one-bound = exactly one of at_least, more_than, at_most in each [[targets.require]] of '{ $table }'
expected-described-indicator = an indicator described under `indicators` of '{ $table }'
expected-province-of-map = a province of the pairing map (counties.csv)
expected-subjects = one of { $scopes }
target-floors-above-city = in '{ $table }', the floors the seed sets for { $count } parts of '{ $indicator }' add up to { $sum }, more than the { $city } it asks of the whole city ({ $clause }): the parts bind, and meeting them meets the city's; both are checked as printed
subjects-count = { $count } subjects ({ $first }, …)
target-requirement = - { $indicator }: { $subjects } { $bound }, due { $due } — { $clause }
template-written = wrote { $rows } figures to report, from { $tables } target tables, to { $file }: fill in the column “{ $column }”, then `pairplan check --actuals { $file }`
help-arg-actuals_template = Write the actuals template (every figure each district office and city unit must report) to FILE: CSV, or a workbook for .xlsx
due-several = each line its own deadline
expected-sender = a helper's name, a district, 各区 (every district's helpers) or 各部门/各单位 (anyone){ $hint }
finding-not-a-named-sender = but the seed names other senders for it
noun-hosts = hosts
noun-groups = groups
noun-principals = principals
noun-Tianjin-schools = Tianjin schools
noun-schools = schools
noun-counties = counties
finding-pair-of-missing = paired in { $program } but without one here
finding-pair-of-extra = but they are not paired in { $program }
expected-program-followed = another program of the models that reads the same helpers ({ $helpers }) and recipients ({ $recipients })
usage-followed-not-planned = { $program } follows the pairs of { $source }, which has no plan in this run
finding-due-by = ; due by { $due }, not late yet
finding-overdue = ; due by { $due }
note-reconcile = the seed states { $total } for { $title }; the programs add up to { $parts } = { $sum }. { $reason }
programs-total = seed { $total }, programs { $sum }
programs-named-without-numbers = named without numbers
programs-kind-total = (total)
programs-kind-pairing = pairing (plan)
coverage-default = not in the model: a program of pairs without a coverage rule gives each recipient exactly one helper (the default; add a coverage rule to change it)
named-detail = { $name } { $title } — named without numbers: nothing to plan or check by
    seed: { $source }
    why: { $why }
finding-name-mismatch = { $file }:{ $line }: { $column } '{ $written }' is not what the data calls { $id } ('{ $known }'): the row was edited by name, not by id — correct the id or the name
finding-duplicate-pair = { $file }:{ $line } lists { $recipient } ← { $helper } again (first on line { $first }): counted once
drop-edited-by-name = not taken as written: { $message }
list-more = { "  " }… and { $count } more (--all-errors lists them all; --out and --format json always hold every one)
help-arg-all_errors = List every problem and finding on the terminal, not the first 50 of each list (--out and --format json always hold every one)
refused-heading = { $count ->
    [one] 1 row of { $file } is not taken as written:
   *[other] { $count } rows of { $file } are not taken as written:
}
expected-rename-no-cycle = a new id that is not renamed back: lines { $lines } rename in a circle
expected-rename-known = an id of this year's data (a row of the previous file is renamed to it)
help-arg-max_unpacked_size = Most bytes a workbook may unpack to (e.g. 256M): an .xlsx is a zip, and a small one can unpack to gigabytes
help-arg-max_cells = Most cells in a sheet's used range, each row counted to its last filled cell
expected-unpacked-size = a workbook that unpacks to at most { $size } (its part { $part } alone goes past it; raise the limit with --max-unpacked-size if the file really is that large)
expected-laid-out-size = a workbook whose cells take at most { $size } once laid out ({ $cells } cells share texts that, each cell with its own copy, take { $found }; raise the limit with --max-unpacked-size if the file really is that large)
workbook-damaged = its structure is damaged where the reader looked (open it in Excel or WPS and save it again)
workbook-damaged-because = its structure is damaged ({ $why }); open it in Excel or WPS and save it again
workbook-is-text = it is a text file, not a workbook (a CSV saved as text: name it .csv)
workbook-no-sheets = it lists no sheet: its structure is damaged; open it in Excel or WPS and save it again
expected-used-range = a sheet of at most { $limit } cells in its used range (row { $row } reaches column { $column }; raise the limit with --max-cells if the sheet really is that large)
expected-no-error-cell = a value, not a spreadsheet error (the cell shows { $error }: correct the formula or type the value)
expected-cached-value = a value: the cell holds the formula ={ $formula } saved without its result (open the file in Excel or WPS and save it again)
expected-cell-length = a cell of at most { $limit } characters (Excel's own limit)
expected-row-size = a row of at most 4 GiB of text
sheet-read = read sheet '{ $sheet }' of { $file }
refused-dangling-link = a symbolic link to a missing file; give the file's own path
refused-not-a-file = is { $kind }; an output replaces only a regular file (or use - for standard output)
refused-read-only = is read-only; pairplan does not replace it
refused-an-input = is an input of this run; pairplan never writes over what it reads
refused-no-folder = its folder { $folder } does not exist
refused-written-twice = is also the file of { $other } in this run; give each output its own file
expected-other-district = a district other than { $from } (moving a quota to the district it comes from moves nothing)
expected-amount-moved = an amount of at least 1 (moving 0 moves nothing; to plan without this edit, delete it)
expected-known-to-a-program = a name or id one of the { $count } programs planned knows (none does; add program = "…" to the edit to say which program it is for)
sweep-too-large = { $value } is too large (at most { $max })
sweep-same-district = it moves { $district }'s quota to { $district } itself, which moves nothing
arg-seconds-too-many = expected at most { $most } seconds (about four months), found '{ $text }'
diff-rows-heading = what { $file } writes that the data does not ({ $count }; each pairing below is shown with the data's names):
part-cells = the text of its cells
finding-duplicate-pair-added = { $file }:{ $line } lists { $recipient } ← { $helper } again (first on line { $first }): its units are added to that row's
finding-takes-no-one = but that helper's capacity is 0: it takes no one
drop-not-a-named-sender = the seed names other senders for this post this year
drop-not-followed = it is not a pair of { $program }'s plan this year, which this program follows

## A planner's own lists (plan --data 我的数据.xlsx)
found-two-sheets = sheets { $first } and { $second }
expected-one-sheet = one sheet for { $table } (rename or remove one of them)
own-sheet-placed = { $sheet } → { $table }: { $columns }
own-sheet-unused = { $sheet }: not used (no table of the programs is named so or has its columns)
own-table-fallback = { $table }: not in the lists; the 2019 table is used ({ $file })
found-sheets = sheets { $sheets }
expected-sheet-for = a sheet for { $table } (named one of: { $accepted })
expected-column-for = a column for { $column } (headed one of: { $accepted })
own-dataset-title = the planner's own lists ({ $name })
usage-own-no-program = --data { $file }: no program's lists are all there (sheets: { $sheets }). Each program needs its recipients and its helpers:
  { $needs }
note-not-checked = { $rule } of { $program } is not checked: the lists have no { $table }
own-mapping-heading = How the lists were read:

## pairplan init
help-init = Write the lists to fill in for the programs named — one workbook, or a folder of CSV files — with a 填写说明 sheet and the 2019 plans' official tables prefilled; `plan --data` reads it back once filled in
help-arg-target = Where to write: a workbook (我的数据.xlsx), or a folder of CSV files (created; it must be empty). Give it to `plan --data` once filled in
help-arg-from_embedded = Write the whole embedded 2019 dataset (every table, its settings, the official and synthetic labels) instead of a template: `plan --data` on it plans as `plan` does
init-col-sheet = sheet
init-col-column = column
init-col-meaning = meaning
init-col-required = required
init-col-example = example
init-col-note = note
init-prefilled-official = prefilled with the 2019 plans' official figures ({ $clause }): keep them or change them to this year's
init-prefilled-synthetic = prefilled with the 2019 dataset's rows (synthetic where labelled so)
init-to-fill = to fill in: one row each; a title row above the headers and a 序号 column are fine
init-required = required column
init-optional = optional
init-also-accepted = also accepted as the header: { $headers }
init-wrote = wrote { $file } — to fill in: { $fill }; prefilled (2019): { $prefilled }. Then: pairplan plan --data { $file }
init-not-a-folder = expected a folder for the CSV lists, or a name ending in .xlsx for a workbook
init-optional-table = not in this template: add a sheet of this name with the columns { $columns } to have it checked
init-exists = already exists; init never writes over a file (a list filled in would be lost): name a new one
columns-as-2019 = columns as the 2019 dataset writes them
columns-accepted = headers accepted
help-arg-columns = With --program: the tables the program reads as a planner fills them in (`pairplan init`, `plan --data 我的数据.xlsx`): each column's meaning, whether it is required, and the headers accepted for it
finding-duplicate-pair-elsewhere = { $file }:{ $line } lists { $recipient } ← { $helper }, which { $first_file }:{ $first } lists too: two files claim one pairing, counted once
finding-duplicate-pair-added-elsewhere = { $file }:{ $line } lists { $recipient } ← { $helper }, which { $first_file }:{ $first } lists too: its units are added to that row's
finding-wrong-total-sum = { $file }:{ $line }: the 合计 row says { $stated } in { $column }, its rows add up to { $counted }
finding-wrong-total-rows = { $file }:{ $line }: the 合计 row says { $stated } in { $column }, the file has { $counted } rows
finding-claimed-twice = { $recipient } is paired with { $first_helper } in { $first } and with { $second_helper } in { $second }: { $program } gives each one helper
ledger-files = { $count } files: { $files }
col-file = file
col-rows = rows
col-gaps = gaps
col-notes = notes
check-per-file = Per file (each district's 台账):
check-changed-heading = { $count } { $count ->
    [one] finding
   *[other] findings
} on rows changed since { $since }:
help-arg-last_plan = The last plan (a `plan --out` file, or last year's ledgers; several files and folders): the findings on rows changed since come first, under their own heading
col-covered-of = covered / required
col-mismatched = skill not matched
plan-headline = { $programs } programs: { $planned } with a plan, { $complete } of them covering every recipient; { $failed } without a plan; { $notes } notes on the data (at the end). Each program in detail:
whatif-baseline-line = Baseline: { $programs ->
    [one] 1 program
   *[other] { $programs } programs
}, { $planned } with a plan. Each scenario against it:
whatif-scenario-heading = Scenario: { $title }
whatif-no-plan = { $program }: no plan — { $reason }
whatif-untouched = { $count ->
    [one] the other program is unchanged
   *[other] the other { $count } programs are unchanged
}
whatif-district-loads = { $program } by district: { $moves }
sweep-words-move = villages { $from } gives to { $to }
sweep-words-minimum = minimum of { $unit }
sweep-words-capacity = capacity of { $helper }
sweep-words-weight = weight { $weight }
sweep-note-move = { $program }: the counties the map pairs with { $to } hold { $recipients } { $noun }, and its quota is { $quota }: past { $margin } more, every one given to { $to } is paired off the map
then-last-year = last year
then-baseline = in the baseline
sweep-note-move-full = { $program }: the counties the map pairs with { $to } hold { $recipients } { $noun }, and its quota of { $quota } is already { $margin } past them: every one given to { $to } is paired off the map
help-arg-generate-out = Folder to write the complete dataset into (created if missing)
help-arg-report-out = The HTML file to write
help-arg-export-out = The file to write (`-`: standard output)
help-arg-man-out = Write a page per command into this folder; without it, the main page on standard output
help-arg-export-format = The format: dimacs (a network's integer costs, as the flow solves it), lp or mps (as the LP solves it)
help-shared-options = Shared options
report-bin-unused = unused 0%
report-bin-full = full 100%
city-level = (city-level 市属)
outside-the-map = (outside the map)
city-level-helpers = city-level helpers (市属)
io-not-found = no such file or folder
io-permission-denied = permission denied
io-already-exists = it already exists
io-storage-full = the disk is full
io-is-a-directory = it is a folder
io-read-only = the disk is read-only
cannot-write = cannot write { $path }: { $why }
help-usage = Usage: 
help-arguments = Arguments
help-options = Options
help-help = Print help
help-version = Print version
help-commands = Commands
help-command = COMMAND

## Rules as `programs` lists them.
rule-coverage-exactly = coverage({ $min })
rule-coverage-range = coverage({ $min }–{ $max })
rule-coverage-at-least = coverage(at least { $min })
rule-district-quota = district_quota(Σ { $total })
rule-unit-minimum = unit_minimum({ $units } units)
rule-capacity = capacity
rule-helper-partners = helper_partners(≤ { $max })
rule-member-minimum = member_minimum(each member sends ≥ { $min } to a recipient, or none)
rule-allowed-pairs = allowed_pairs({ $pairs } pairs)
rule-forbidden-pairs = forbidden_pairs({ $pairs } pairs)
rule-fixed-pairs = fixed_pairs({ $pairs } pairs)
rule-pairs-of = pairs_of({ $program })
rule-named-senders = named_senders({ $recipients } recipients)
rule-recipient-units-min = recipient_units(≥ { $min })
rule-recipient-units-range = recipient_units({ $min }–{ $max })
rule-total-units = total_units({ $total })
rule-recipient-demand = recipient_demand(Σ { $total })
rule-default = { $rule } (default)
rule-targets = targets({ $indicators } { $indicators ->
    [one] indicator
   *[other] indicators
}, { $requirements } { $requirements ->
    [one] requirement
   *[other] requirements
}, due { $due })
rule-milestone = milestone({ $share }% by { $date })

## Finding kinds and severities, as planners read them (JSON and CSV keep the names).
severity-gap = gap
severity-note = note
finding-kind-uncovered = uncovered
finding-kind-over-covered = over-covered
finding-kind-over-capacity = over capacity
finding-kind-too-many-partners = too many partners
finding-kind-quota-short = quota short
finding-kind-quota-over = quota over
finding-kind-unit-short = unit short
finding-kind-unknown-reference = unknown reference
finding-kind-name-mismatch = name mismatch
finding-kind-duplicate-pair = duplicate pair
finding-kind-unreachable = unreachable
finding-kind-behind-target = behind target
finding-kind-not-reported = not reported
finding-kind-total-mismatch = total mismatch
finding-kind-seed-disagreement = seed disagreement
finding-kind-forbidden-pair = forbidden pair
finding-kind-fixed-pair-missing = fixed pair missing
finding-kind-off-map = off the map
finding-kind-no-quota-county = county without a quota
finding-kind-not-checked = not checked
finding-kind-wrong-total = wrong total
finding-kind-claimed-twice = claimed twice
finding-kind-named-sender-idle = named unit sends none
finding-kind-member-below-minimum = team member below its minimum

## What a file is read for; yes/no, statuses and origins in workbooks.
inputs-file-used-as = { $file } ({ $used_as })
used-as-helpers = helpers
used-as-helper-members = helper members
used-as-recipients = recipients
used-as-recipient-totals = recipient totals
used-as-pairing-map = pairing map
used-as-program = program
used-as-coverage = coverage
used-as-district-quota = district_quota
used-as-unit-minimum = unit_minimum
used-as-capacity = capacity
used-as-helper-partners = helper_partners
used-as-allowed-pairs = allowed_pairs
used-as-forbidden-pairs = forbidden_pairs
used-as-fixed-pairs = fixed_pairs
used-as-named-senders = named_senders
used-as-pairs-of = pairs_of
used-as-recipient-units = recipient_units
used-as-total-units = total_units
used-as-recipient-demand = recipient_demand
flag-yes = yes
flag-no = no
status-kept = kept
status-changed = changed
status-new = new
status-dropped = dropped
origin-official = official
origin-synthetic = synthetic
origin-given = given
capacity-source = { $file }: { $column }
capacity-column-cadres = cadres
capacity-column-capacity = capacity
capacity-column-counties = counties
capacity-column-county-partners = county_partners
capacity-column-partners = partners
capacity-column-person-times = person_times
capacity-column-professionals = professionals

## The keys of a run's manifest, as a workbook shows them.
manifest-pairplan = pairplan version
manifest-settings = settings
manifest-inputs = inputs
manifest-pairings-sha256 = pairings_sha256
manifest-scenarios = scenarios
manifest-lists = lists
manifest-solver = solver
manifest-program = program
manifest-time-limit = time_limit
manifest-previous = previous
manifest-renamed = renamed
manifest-max-changes = max_changes
manifest-scenario = scenario
manifest-sweep = sweep
column-row = row
report-contents = Contents
report-overview = Overview
report-scenario-untouched = No scenario changes { $programs }: their pairings and objective are the baseline's.
help-default = { $help } [default: { $default }]

## Usage errors (clap's, in the interface's words).
usage-error = error:{" "}
usage-invalid-value = invalid value '{ $value }' for '{ $arg }' (possible values: { $valid })
usage-value-validation = invalid value '{ $value }' for '{ $arg }': { $reason }
usage-unknown-argument = unexpected argument '{ $arg }'
usage-unknown-command = unrecognized subcommand '{ $command }'
usage-missing = the following required arguments were not provided: { $args }
usage-missing-command = a command is required
usage-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
usage-values = wrong number of values for '{ $arg }'
usage-other = the command line is not understood
usage-did-you-mean =   tip: did you mean '{ $suggestion }'?
usage-see-help = For more information, try '{ $command } --help'.
help-options-placeholder = [OPTIONS]
help-value-file = FILE
help-value-dir = DIR
help-value-size = SIZE
help-value-count = COUNT
help-value-lang = LANG
help-value-format = FORMAT
help-value-name = NAME
help-value-span = SPAN
help-value-names = NAMES
help-value-scenario = SCENARIO
help-value-shell = SHELL
help-value-old = OLD
help-value-new = NEW
help-value-solver = SOLVER
help-value-seed = SEED
help-value-seconds = SECONDS
help-value-scale = SCALE
help-value-k = K
help-value-date = DATE
help-value-command = COMMAND
help-help-command = Print this message or the help of the given subcommand(s)
subject-program-total = (program total)
help-value-key-args-from-to-step = KEY(ARGS)=FROM..TO:STEP
finding-unknown-reference = { $file }:{ $line }: { $column } '{ $id }'{ $named } matches none of the { $known } { $noun }{ $hint }
finding-unknown-named = {" "}({ $name })
finding-unknown-closest = ; closest: { $closest }
headers-english-too = {" "}(and the English headers)
column-old_id = old_id
column-new_id = new_id
refused-format = pairplan does not write .{ $extension }; name the file .xlsx (Excel and WPS open it), .csv or .json
cause-ids-gone = rows naming ids not in this year's data
expected-among = { $what } ({ $names }){ $hint }
finding-shared-capacity = { $name }（{ $id }）sends { $total } { $noun } in all ({ $shares }), above its one capacity of { $capacity } ({ $source }, shared by these programs)
finding-unknown-program = { $file }:{ $line } names the program '{ $program }', which no model defines{ $hint }
progress-scenarios = planning scenarios
progress-planning = planning
progress-binds = what binds { $program }
internal-error = internal error: { $error }
finding-over-capacity-units = { $name } ({ $id }) sends { $load } { $noun }, above its capacity of { $capacity }

## due
help-due = What falls due around a day, by owner: the plans' dated tasks and reporting cycles, the target tables' deadlines and milestones, the programs' deadlines — overdue, due, or done
help-arg-due-as_of = The day to look from (YYYY-MM-DD)
help-arg-within = How far ahead counts as due: days (30d), weeks (4w) or months (3m; a month is 30 days)
help-arg-owner = Only what this district or unit answers for, named or within a collective the plans name (各区 for a district, 各单位 and 各部门 for a city unit)
help-arg-due-actuals = Actual figures (as check --actuals): a target met there is listed as done, and a row `calendar, WHO, TASK_ID, DATE` marks a calendar task done
help-arg-due-out = Write the list to this file: .ics a calendar (one all-day event per item), .xlsx a workbook, .json, else CSV
arg-span = '{ $text }' is no span: write days, weeks or months as 30d, 4w, 3m (at most ten years)
due-heading = due as of { $as_of } (past due, and due up to and including { $until }): { $count } items
due-for-owner = for { $owner }, and what the plans give every district or unit
due-overdue = past due, not reported done
due-due = due
due-done = done
due-owner-pairing-districts = the districts of the pairing map
due-program = pairings of { $title } in place
due-milestone = { $what }: { $share }% of it due, { $amount }
due-milestone-share = { $what }: { $share }% of it due
col-due-date = due
col-due-status = status
col-due-what = what
col-due-clause = clause
sheet-due = due
column-owner = owner
column-what = what
column-repeats = repeats
column-reading = reading
column-id = id
repeats-weekly = weekly
repeats-monthly = monthly
repeats-quarterly = quarterly
repeats-half-yearly = half-yearly
repeats-yearly = yearly
expected-repeats = weekly, monthly, quarterly, half-yearly or yearly, or an empty cell
expected-task-kind = one of { $kinds }
due-owner-unnamed = (the plans name no owner)
task-due = due { $due }
task-no-date = no date set (全年 or ongoing)
programs-tasks-heading = the plans' dated tasks ({ $count }; `pairplan due --as-of DATE` lists what falls due, by owner):
due-owner-unknown = no district, unit or task of the plans is called “{ $owner }”: listed below is only what the plans give every district or unit (check the name, e.g. 市文化和旅游局 rather than 市文旅局)
due-no-calendar = the data given holds no calendar: listed below are only the target tables' and the programs' deadlines. The 2019 plans' dated tasks are in the embedded data (`pairplan due` without --data); for this year's, add a calendar table to the data (the calendar_2019 table `pairplan init --from-embedded` writes shows the form)
due-calendar-other-year = the calendar's dates are the { $years } plans': for { $year } its one-off tasks are judged by their own dates and the reporting cycles are carried on. To check { $year }'s tasks, put that year's calendar in the data
expected-real-date = a day that exists: { $month }/{ $year } has { $days } days
expected-iso-date = a date YYYY-MM-DD (e.g. 2019-08-20)
expected-task-id = a task id of the calendar (the `id` after each task in `pairplan programs`, or the id column of `pairplan due --out 日程.xlsx`){ $hint }
due-reported-done = {" "}— reported done { $on }
due-reported-done-by = {" "}— reported done { $on } by { $by }
due-reported-by-some = {" "}— reported done so far by { $by } (each owner reports its own)
due-owner-read-as = “{ $asked }” is read as { $name }
task-id = {" "}(id `{ $id }`)
expected-recipient-rows = at least one row below the headers: { $program } has nothing to plan without them (a template is to be filled in)
