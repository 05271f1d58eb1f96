# pairplan 的中文界面。每条消息在 en.ftl 中有同名的键（由测试检查）。
# 机器名称（CSV 列名、JSON 键、问题类型）不在此处：它们不随语言改变。

test-covered = 覆盖 { $covered } / { $total } 个{ $noun }

## 模型使用的名词
noun-villages = 村
noun-enterprises = 企业
noun-county-hospitals = 县级医院
noun-county-posts = 县级岗位
noun-departments = 科室
noun-posts = 岗位
noun-hospitals = 医院
noun-districts = 区
noun-subjects = 报送对象
noun-sources = 选派单位
noun-cadres = 名干部
noun-person-times = 人次
noun-professionals = 名专业技术人才
noun-pairings = 个结对

## plan
plan-dataset = 数据集 { $name } — { $title }
summary-headline = { $program } { $title } — 覆盖 { $covered } / { $recipients } 个{ $noun }，结对 { $pairings } 个{ $carrying }（离图结对 { $offmap } 个，特长不匹配 { $mismatches } 个）
summary-carrying = ，共 { $units } { $unit }
summary-source = 依据：{ $source }
inputs-official = 官方数据：{ $files }
inputs-synthetic = 合成数据（由 `pairplan generate` 生成，非工作方案所载）：{ $files }
inputs-given = 自有数据：{ $files }
col-district = 区
col-subject = 对象
col-quota = 任务数
col-helpers-used = 参与帮扶方
col-mean-load = 平均负荷
col-max-load = 最大负荷
col-mean-use = 平均使用率
col-off-map = 离图结对
col-city-unit = 市级单位
col-unit-district = 对接区
col-minimum = 最低任务
col-covered = 已覆盖
summary-use = 单个帮扶方能力的最高使用率：{ $percent }%
summary-balance = 负荷均衡：Σ 负荷²/能力 = { $balance }，最高使用率 { $percent }%
summary-objective = 目标值 { $objective }（{ $solver }：{ $size }），状态：{ $status }
summary-size-flow = { $arcs } 条弧，{ $nodes } 个节点
summary-size-lp = { $variables } 个变量，{ $constraints } 个约束
summary-method = 求解方法：{ $method }
summary-not-planned = 注意：{ $programs } 使用同一能力，但本次未一并规划：其占用未被扣除；请一并规划（不加 --program），以保证每个帮扶方不超过其能力
summary-planned-with = 与 { $programs } 一并规划：各帮扶方共用一份能力（{ $shared }），目标值为合计
summary-time-limit = 已到时间限制：此方案满足全部规则（已通过检查），但未证明最优
changes-line = 与 { $previous } 相比：保留 { $kept } { $unit }，调整 { $changed }，新增 { $new }，取消 { $dropped }
changes-twice = 上一版文件中有 { $count } 个结对重复列出，各算一个结对、保留一次：{ $pairs }
changes-more = { "  " }… 另有 { $count } 条（全部见 --format json 和 --out FILE.csv）
notes-heading = 数据说明：

## whatif
col-scenario = 情景
col-program = 项目
col-plan = 方案
col-mismatches = 特长不匹配
col-balance = 负荷均衡
col-moved = 变动
col-objective = 目标值
col-vs-baseline = 较基准
plan-yes = 有
plan-none = 无
sweep-heading = 参数扫描 { $key }

## programs
col-title = 名称·依据
col-size = 类型·规模
programs-targets-only = 仅指标
programs-more = 各项目的规则、文件依据和输入：pairplan programs --program 名称

## check
check-coverage-line = { $program } { $title }：覆盖 { $covered } / { $recipients } 个{ $noun }，缺 { $missing } 个
col-province = 省
col-prefecture = 市州
col-county = 县
col-recipients = 受援方
col-missing = 缺
col-short = 不足
col-over = 超出
check-total = { $province } 合计
check-by-county = { $program } 分县覆盖情况
check-by-district = { $program } 分区覆盖情况
check-findings = { $count } 条{ $heading }：问题 { $gaps } 条，说明 { $notes } 条
check-findings-word = 检查结果
check-other-findings-word = 其他检查结果
actuals-heading = { $table }：实际完成与应完成（{ $due }）
col-indicator = 指标
col-actual = 实际完成
col-due = 应完成
col-target = 全年任务
col-standing = 进度
standing-on-track = 达到进度
standing-behind = 落后
standing-not-reported = 未报送
actuals-count = 达到进度 { $ontrack } 项，落后 { $behind } 项，未报送 { $missing } 项
actuals-gaps = 数据中有 { $gaps } 项问题（落后或未报送，见上表）

## report (HTML)
report-subtitle-plan = 全部项目的结对方案
report-subtitle-program = { $program } 的结对方案
report-subtitle-against = 与 { $file } 相比
report-subtitle-scenario = 情景 { $file }
report-subtitle-whatif = 情景分析：基准方案与 { $count } 个情景
report-no-plan = { $program } — 无可行方案
report-notes = 数据说明
report-headline = 覆盖 { $covered } / { $recipients } 个{ $noun }，结对 { $pairings } 个{ $carrying }；离图结对 { $offmap } 个，特长不匹配 { $mismatches } 个。
report-seed = 依据：{ $source }
report-input = 输入
report-used-as = 用途
report-origin = 来源
report-official = 官方 — { $clause }
report-synthetic = 合成 — 由 pairplan generate 生成，非工作方案所载
report-given = 自有数据
report-districts = 各区任务与负荷（{ $noun }）
report-load = 负荷
report-quota = 任务
report-off-map = 离图
report-counties = 分市州、分县覆盖情况（已覆盖的{ $noun }）
report-in-county = 县内总数
report-covered = 已覆盖
report-loads = { $noun }能力使用情况（{ $count } 个有能力的帮扶方）
report-changes = 与 { $previous } 相比：保留、调整、新增、取消
report-kept = 保留
report-changed = 调整
report-new = 新增
report-dropped = 取消
report-scenarios = 情景对比
report-scenario-chart = { $program }：相对基准变动的结对数及目标值变化
report-scenario-value = 变动 { $moved }，目标值 { $change }
report-footer = 由 pairplan 根据 2019 年工作方案（官方）及其合成补充数据生成；所有合成数据均已在上方标明。

## workbook sheets
sheet-pairings = 结对
sheet-by_district = 分区
sheet-by_county = 分县
sheet-by_unit = 市级单位
sheet-findings = 检查结果
sheet-sources = 数据来源
sheet-manifest = 清单
sheet-changes = 变动
sheet-comparison = 情景对比
sheet-sweep = 参数扫描
sheet-actuals = 进度
sheet-overview = 总览

## workbook column headers (the CSV keys stay as they are; the workbook shows these)
column-actual = 实际完成
column-balance = 负荷均衡
column-clause = 文件依据
column-bound = 要求
column-due_date = 到期日
column-code = 区划代码
column-county = 县
column-covered = 已覆盖
column-district = 区
column-due = 应完成
column-due_by = 应完成说明
column-expected = 应为
column-feasible = 有方案
column-file = 文件
column-helper_district = 帮扶方所在区
column-helper_id = 帮扶方编号
column-helper_name = 帮扶方名称
column-helper_unit = 动员单位
column-helpers = 帮扶方数
column-helpers_used = 参与帮扶方数
column-indicator = 指标
column-key = 项目
column-kind = 类型
column-load = 负荷
column-load_noun = 负荷单位
column-max_load = 最大负荷
column-mean_load = 平均负荷
column-mean_utilisation = 平均使用率
column-meaning = 含义
column-message = 说明
column-minimum = 最低任务
column-moved = 变动
column-objective = 目标值
column-objective_change = 目标值变化
column-off_map = 离图结对
column-off_map_units = 离图结对数
column-on_map = 符合结对关系
column-origin = 来源
column-paired_district = 结对区
column-prefecture = 市州
column-previous_units = 上年数量
column-program = 项目
column-province = 省
column-quota = 任务数
column-reason = 原因
column-recipient_id = 受援方编号
column-recipient_name = 受援方名称
column-recipients = 受援方数
column-scenario = 情景
column-severity = 级别
column-share = 比例
column-standing = 进度
column-status = 状态
column-subject = 对象
column-table = 指标表
column-target = 全年任务
column-title = 名称
column-trait_mismatches = 特长不匹配
column-unit = 市级单位
column-units = 数量
column-used_as = 用途
column-value = 值

## --help
help-about = pairplan（结对规划）：天津市东西部扶贫协作结对帮扶规划工具。
help-plan = 生成满足各项目全部规则、负荷均衡的结对方案，并打印汇总
help-check = 检查现有结对台账和数据：还缺什么，哪里违反规则
help-programs = 列出结对项目和指标表：名称、中文标题、文件依据、规模、规则
help-generate = 生成数据集的合成补充部分（村、企业、医院、岗位、台账），结果可复现
help-export = 导出项目的精确求解模型（DIMACS 最小费用流、CPLEX LP 或 MPS），供其他求解器比较
help-diff = 比较两份结对文件：各项目、各区保留、调整、新增、取消的数量，以及更换帮扶方的受援方
help-whatif = 并列规划基准方案和各情景，在一张表中比较
help-report = 生成可查看的报告：一个包含图表、可离线打开的 HTML 文件
help-completions = 打印 bash、zsh、fish、powershell 或 elvish 的命令补全脚本
help-man = 打印手册页（roff），或为每个命令写一个手册页到文件夹
help-arg-data = 数据集文件夹（含 dataset.toml），或自有名单：一个工作簿（.xlsx）或一个 CSV 文件夹（`pairplan init` 可生成模板）；默认：内置的天津 2019 数据集
help-arg-models = 项目模型文件夹（*.toml）；默认：内置模型（`pairplan programs` 可列出）
help-arg-program = 项目名称（`pairplan programs` 可列出）；默认：全部项目
help-arg-out = 输出到此文件：.xlsx 为工作簿，.json 为 JSON，其他为 CSV
help-arg-format = 标准输出格式：table（表格）或 json
help-arg-previous = 上一年的结对（台账，或 `plan --out` 输出的文件）；可同时给多个文件和文件夹（各区台账）
help-arg-scenario = 情景文件（列出修改的 TOML 文件）
help-arg-report = 同时生成可查看的报告：一个包含图表的 HTML 文件
help-arg-lang = 界面语言（zh 中文，en English）；默认取自 LC_ALL / LC_MESSAGES / LANG
help-arg-quiet = 不显示进度条
help-arg-verbose = 同时显示求解器数据：目标值、模型规模、求解方法、Σ 负荷²/能力
help-arg-max_file_size = 可接受的最大输入文件（如 128M、1G）
help-arg-max_line_length = 输入文件中可接受的最长一行（如 64K）

## 输入问题（“应为”之后的说明暂为英文）
problem-count = 输入有 { $count } 处问题：
problem-column = 列“{ $column }”：
problem-expected = 应为 { $expected }
problem-found = ，实为“{ $found }”

## 数据说明
note-no-quota-county = { $county } 与 { $district } 结对，但 { $district } 没有{ $program }任务：其 { $count } 个{ $noun }需由其他区承担
note-total-mismatch = 列“{ $column }”的合计为 { $declared }，但各行相加为 { $sum }（{ $reason }）

## check 的检查结果
finding-uncovered = { $county }{ $name }（{ $id }）结对 { $count } 个{ $noun }，至少需要 { $min } 个
finding-over-covered = { $county }{ $name }（{ $id }）结对 { $count } 次，最多允许 { $max } 次
finding-over-capacity = { $name }（{ $id }）帮扶 { $load } 个{ $noun }，超过其能力 { $capacity }
finding-too-many-partners = { $name }（{ $id }）结对 { $count } 个{ $noun }，最多允许 { $max } 个
finding-quota-short = { $district }的{ $helpers }覆盖 { $covered } 个{ $noun }，少于任务数 { $quota }
finding-quota-over = { $district }的{ $helpers }覆盖 { $covered } 个{ $noun }，多于任务数 { $quota }
finding-unit-short = { $unit }动员的{ $helpers }覆盖 { $covered } 个{ $noun }，少于最低任务 { $minimum }
finding-units-short = { $name }（{ $id }）获得 { $received } { $noun }，至少需要 { $min }
finding-units-over = { $name }（{ $id }）获得 { $received } { $noun }，最多允许 { $max }
finding-demand-short = { $name }（{ $id }）获得 { $received } { $noun }，少于所需的 { $needed }
finding-demand-over = { $name }（{ $id }）获得 { $received } { $noun }，多于所需的 { $needed }
finding-total-short = 共分配 { $sent } { $noun }，少于项目合计 { $total }
finding-total-over = 共分配 { $sent } { $noun }，多于项目合计 { $total }
finding-not-a-candidate = 不在允许的候选结对之中
finding-forbidden = 该结对为项目所禁止
finding-fixed-dropped = 该结对为项目保留结对，但方案未保留
finding-pair = { $recipient }（{ $rid }）与 { $helper }（{ $hid }）结对，{ $why }
finding-pair-to-stay = { $recipient }（{ $rid }）应与 { $helper }（{ $hid }）保持结对，{ $why }
finding-no-district = 无所属区
finding-off-map = { $county }{ $name }与 { $helper }（{ $district }）结对，但按结对关系表 { $county }由 { $paired } 帮扶
finding-unreachable = 没有符合条件的{ $helpers }可以帮扶 { $name }（{ $id }）
findings-seed = { " " }— 依据：{ $clause }

## 无可行方案的原因
reason-and-more = { $list } 等（另有 { $more } 个）
cause-no-candidate-pair = 候选结对中没有它们
cause-no-quota = 其所在县的结对区没有任务，且不允许离图结对
cause-no-capacity = 其所在县结对区的帮扶方没有能力，且不允许离图结对
cause-no-helpers = 其所在县的结对区在此没有帮扶方，且不允许离图结对
block-forbidden = 该结对同时被禁止
block-helper-unusable = 该帮扶方没有能力，或其所在区没有任务
block-not-a-candidate = 该结对不在允许的候选结对之中
block-off-map = 该结对不符合结对关系表，而项目不允许离图结对
reason-unreachable = { $count } 个{ $noun }完全没有符合条件的帮扶方（如 { $examples }）：{ $cause }
reason-no-helper-left = { $recipient }已无帮扶方可选：可以帮扶它的都在禁止结对之中
reason-fixed-pair-impossible = { $recipient }无法与 { $helper } 保持结对：{ $block }
reason-fixed-pairs-on-recipient = { $recipient }有 { $count } 个保留结对，但最多只能有 { $most } 个帮扶方
reason-fixed-pairs-on-helper = { $helper }有 { $count } 个保留结对，但最多只能承担 { $most } 个
reason-fixed-pairs-above-quota = { $district }保留 { $count } 个结对，但任务数为 { $quota }：须调出 { $excess } 个
reason-fixed-pairs-crowd-unit = { $unit }需在{ $district }的 { $quota } 个任务中完成 { $minimum } 个，但该区其他帮扶方保留了 { $others } 个结对：只剩 { $room } 个
reason-partners-short = { $recipients }至少需要 { $needed } 个结对，但 { $helpers } 个{ $helper_noun }每个最多承担 { $max } 个（共 { $offered } 个，缺 { $short } 个）
reason-demand-above-capacity = { $recipients }共需 { $needed } { $unit }，但帮扶方只能派出 { $usable }（缺 { $short }）
reason-district-demand-above-capacity = { $district }结对县的{ $recipients }需要 { $needed } { $unit }，但该区帮扶方只能派出 { $available }（缺 { $short }）
reason-total-above-capacity = 项目合计 { $total } { $unit }，但帮扶方只能派出 { $usable }（缺 { $short }）
reason-total-below-least = { $count } 个{ $recipients }每个至少需要 { $each } { $unit }（共 { $least }），超过项目合计 { $total }
reason-total-above-most = { $count } 个{ $recipients }最多共接收 { $most } { $unit }，少于项目合计 { $total }
reason-quotas-vs-recipients = 各区任务数合计为 { $quotas }，但 { $count } 个{ $recipients }需要 { $pairings } 个结对
reason-quota-above-capacity = { $district }任务数为 { $quota }，但其帮扶方只能承担 { $available } 个（缺 { $short } 个）
reason-unit-above-capacity = { $unit }须达到 { $minimum } 个，但其动员的帮扶方只能承担 { $capacity } 个（缺 { $short } 个）
reason-units-above-quota = 与{ $district }对接的市级单位最低任务合计 { $needed }，超过该区任务数 { $quota }
reason-supply-nobody = 没有帮扶方可以帮扶它们
reason-supply-only = 只有 { $serving } 可以帮扶，按任务和能力共能承担 { $available }
reason-supply = { $needing } 的{ $recipients }需要 { $needed } { $unit }，但{ $servers }：缺 { $short }
reason-supply-of-counties = { $needing } 的{ $recipients }需要 { $needed } { $unit }，但{ $servers }：缺 { $short }
reason-changes-needed = 没有方案能把对上年结对的调整控制在 { $budget } 以内：最少需要调整 { $least }（{ $causes }）
reason-not-all-at-once-quotas = 每项任务和最低任务单独都能满足，但不能同时满足：可帮扶某些县的区缺少这些县所需的任务数
reason-not-all-at-once = 每条规则单独都能满足，但不能同时满足：各{ $helpers }可帮扶的范围无法满足每个{ $recipients }的需要
infeasible-heading = 没有能满足全部规则的方案：
infeasible-reason = { "  " }- { $reason }（依据：{ $seed }）
time-limit-none = 在 { $seconds } 秒的时间限制内未找到方案（并未证明规则无法满足；可用 --time-limit 放宽时间）

## diff 和 --explain
col-kept = 保留
col-changed = 调整
col-new = 新增
col-dropped = 取消
diff-nothing-moved = 没有结对变动
diff-by-district = { $program } 分区情况
diff-moved = 变动的结对（{ $count } 个）：
binds-heading = { $program } 的约束：{ $of } 个帮扶方中有 { $at } 个用满能力
binds-no-plan = 没有可行方案
binds-objective-changes = 目标值变化 { $change }
binds-capacity = { "  " }- { $helper } 用满 { $capacity } 个名额：多一个名额，{ $more }；少一个名额，{ $fewer }
binds-no-change-has-a-plan = 任何调整都没有可行方案
binds-capacity-district = { "  " }- { $district }：{ $count } 个帮扶方用满能力；多一个名额收益最大的是 { $more }；少一个名额代价最小的是 { $fewer }
binds-city-level = 市属
binds-no-move-has-a-plan = 任何调整都没有可行方案
binds-best-to = 最好转给 { $district }，目标值 { $change }
binds-best-from = 最好从 { $district } 转入，目标值 { $change }
binds-quota = { "  " }- { $district }：转出一个任务 — { $give }；转入一个任务 — { $take }
binds-unit = { "  " }- { $unit } 覆盖 { $covered } 个，最低任务 { $minimum }{ $binding }：多一个，{ $more }；少一个，{ $fewer }
binds-binding = （恰好达到）

## 上一版结对被取消的原因
drop-forbidden = 今年该结对被禁止
drop-fixed-elsewhere = 今年 { $recipient } 保留与 { $helper }（{ $id }）的结对（保留结对）
drop-not-a-candidate = 该结对已不在项目的候选结对之中
drop-no-capacity = { $helper }（{ $id }）今年不再承担（能力为 0）
drop-no-quota = { $district }今年没有任务
drop-remapped = 今年 { $county } 与 { $paired } 结对，{ $district } 不能再帮扶
drop-capacity-fell = { $helper }（{ $id }）{ $then }承担 { $before } { $unit }，但现在能力为 { $capacity }
drop-quota-fell = { $district }{ $then }有 { $before } 个结对，但现在任务数为 { $quota }：须调出 { $excess } 个
drop-unit-minimum = { $unit }须在{ $district }的任务内通过其动员的企业完成最低任务 { $minimum }（{ $then }为 { $before }）：由该区另一家企业让出
drop-all-given = { $recipient }（{ $id }）今年需要 { $most } { $unit }，已全部安排
drop-elsewhere = 若同时保留它会违反其他规则：方案已在规则允许范围内尽量保留{ $then }的结对
drop-not-in-data = 今年的数据中没有：{ $message }

## 输入应为的内容
expected-no-invisible = 不含不可见字符的文本（第 { $at } 个字符为 U+{ $code }）
expected-csv-header = CSV 表头行（{ $error }）
expected-well-formed-csv = 格式正确的 CSV（{ $error }）
expected-header-row = 写明各列名称的表头行
expected-column-once = 每列名称只出现一次（第 { $column } 列与第 { $first } 列同名）
expected-column = 表头中有“{ $name }”列
expected-whole-number = 非负整数
expected-number = 有限的非负数
expected-non-empty = 非空的值
expected-cells = { $count } 个单元格，与表头各列对应
expected-closest = ；最接近的：{ $names }
expected-known = 已知的{ $what }{ $hint }
expected-unique = 不重复的值（第 { $first } 行已出现）
expected-total-row = “{ $column }”列为“{ $total }”的合计行
expected-sum = 以上各行之和（{ $sum }）
noun-helper-id = 帮扶方编号
noun-helper-name = 帮扶方名称
noun-recipient-id = 受援方编号
noun-district = 区
noun-city-unit = 市级单位
noun-county-of-the-pairing-map = 结对关系表中的县
expected-readable = 可读取的文件（{ $error }）
expected-regular-file = 普通文件，而不是{ $kind }
expected-file-size = 不超过 { $size } 的文件（上限，可用 --max-file-size 调高）
found-line-of = 长 { $size } 的一行
expected-line-length = 每行不超过 { $size }（上限，可用 --max-line-length 调高）
expected-ids-in-full = 完整的编号，但电子表格把这一列存成了数字，其中 { $count } 个被缩写、丢失了末几位；请打开 pairplan 输出的工作簿（--out FILE.xlsx 以文本保存编号），或把该列设为文本格式（设置单元格格式 → 文本）后重新粘贴编号再另存为 CSV
kind-folder = 文件夹
kind-symlink = 符号链接
kind-fifo = 命名管道（FIFO）
kind-device = 设备
kind-socket = 套接字
kind-special = 特殊文件
help-arg-actuals = 报送的完成情况（table, subject, indicator, actual；`programs --actuals-template` 可生成模板），与指标表核对
help-arg-as_of = 数据和结对截至日期（YYYY-MM-DD）：适用此前到期的节点目标；尚未到期的结对视为待完成
help-arg-pairings = 要检查的结对（至少含 program, helper_id, recipient_id）；可同时给多个文件和文件夹一起检查（各区台账；文件夹：其中全部 .csv 和 .xlsx）；默认：数据集的台账
help-arg-force = 即使 --out 文件夹中已有文件也写入
help-arg-from = 作为起点的官方数据表所在文件夹；默认：内置数据
help-arg-scale = 生成什么：天津数据集的合成补充，或全国规模的算例
help-arg-seed = 生成器的随机种子：相同种子生成相同文件
help-arg-explain = 同时说明每个方案的约束所在，以及多一个或少一个会带来什么变化
help-arg-frontier = 与 --previous 和 --program 一起使用：调整数量与项目自身目标之间的权衡
help-arg-manifest = 写出清单（JSON）：每个输入和结对结果的 SHA-256，以及各项设置
help-arg-max_changes = 与 --previous 一起使用：对上年结对最多调整 K 个
help-arg-partial = 即使有项目没有方案，也写出有方案的项目的结对
help-arg-renamed = 与 --previous 一起使用：上年以来更改过的编号（old_id,new_id）
help-arg-solver = 求解方法：auto（能用流算法时用流算法）、flow 或 lp
help-arg-time_limit = 求解超过此秒数即停止：给出已找到的最好方案，或没有方案
help-arg-diff = 同时按区列出每个情景变动的结对
help-arg-sweep = 一组情景，每个取值一个：move(甲,乙)=0..60:10、minimum(单位)=5..15:1、capacity(编号)=0..5:1、weight(名称)=50..200:50
help-arg-old = 较早的结对文件（台账或方案）
help-arg-new = 较晚的结对文件
help-arg-scenarios = 情景文件（列出修改的 TOML 文件）
help-arg-shell = 命令行外壳：bash、zsh、fish、powershell 或 elvish

## 指标表
due-whole = 全年任务，{ $due } 到期
due-share = { $date } 前完成任务的 { $percent }%
due-nothing-yet = 尚无到期任务
did-you-mean = ；是否应为 { $name }？
expected-target-table = 指标表
expected-district-of = “{ $table }”的报送对象
expected-indicator-of = “{ $table }”的指标
expected-one-figure = 每个区、每项指标只报一个数（{ $district } { $indicator } 在第 { $first } 行已报）
indicator-named = “{ $indicator }”（{ $meaning }）
finding-behind = { $district } { $title } { $indicator }：目前 { $actual }，落后于应完成的 { $due }（{ $by }；全年任务 { $target }）
finding-not-reported = { $district } { $title } { $indicator }：{ $file } 中没有数据（应完成 { $due }：{ $by }）

## 情景文件
expected-program-list = 项目名称（{ $programs }）{ $hint }
expected-program = 项目名称{ $hint }
expected-helpers-program = 新帮扶方所属的项目（该情景规划 { $programs }）
expected-a-district = 区名{ $hint }
expected-helper-id-of = { $program } 的帮扶方编号{ $hint }
expected-at-most-held = 不超过 { $held }，即 { $district } 在 { $program } 中的任务数
expected-a-city-unit = 市级单位名称{ $hint }
expected-a-county = 结对关系表中的县{ $hint }
expected-not-banned = 未在第 { $first } 行被禁止的结对
expected-not-pinned = 未在第 { $first } 行被保留的结对
expected-recipient-id-of = { $program } 的受援方编号{ $hint }
expected-weight = 0 到 { $max } 之间的权重
expected-edit-concerns = 与该情景中某个项目相关的修改（这些项目都没有它要修改的内容）
expected-not-removed = 未被移除的帮扶方（第 { $removed } 行移除了它，因此对 { $recipient } 的保留结对无法成立）
expected-new-id = { $program } 中尚未使用的编号（{ $id } 已是 { $name }）
expected-a-city-unit-word = 市级单位名称
expected-a-district-word = 区名
expected-linked-district = 市级单位 { $unit } 对接的区（{ $district }）
expected-set-once = 每个值只设一次（{ $what } 在第 { $first } 行也设了）

## 数据集、模型、工作簿、台账
expected-own-program-name = 独有的项目名称（{ $file } 也用了这个名称）
expected-one-of = 以下之一：{ $values }
expected-name-of-kind = 数据集中某个{ $kind }的名称
expected-alias-once = 每个别名只出现一次（它已代表 { $before }）
expected-rule-once = 每类规则只出现一次（规则 { $rule } 重复出现；第一次在第 { $first } 行）
expected-min-not-above-max = { $what } 的最小值（{ $min }）不大于最大值（{ $max }）
expected-row-with = “{ $column }”列为“{ $program }”的一行
expected-cost = -{ $max } 到 { $max } 之间的数
expected-pair-once = 每个结对只出现一次（该结对在第 { $first } 行已出现）
expected-valid-file = 格式正确的文件：{ $error }
expected-workbook = Excel 或 WPS 保存的工作簿（.xlsx、.xlsm、.xls、.ods）：{ $error }
expected-sheet = 工作簿中的工作表（{ $sheets }）{ $hint }
expected-a-sheet = 至少有一个工作表的工作簿
expected-readable-sheet = 可读取的工作表“{ $sheet }”（{ $error }）
found-merged = 第 { $from }–{ $to } 行有合并单元格
expected-unmerged = 每行一个值：请取消合并单元格并逐行填写
expected-old-id-once = 每个旧编号只出现一次（第 { $first } 行已改名）
expected-inside-scenario-folder = 情景文件所在文件夹中的文件（以相对于它的路径命名）
noun-unit = 市级单位
noun-county = 县

## 命令行用法
usage-no-ledger = 数据集 { $dataset } 未指定台账：请用 --pairings FILE 给出
usage-target-needs-actuals = --program { $table } 是指标表而非结对项目：请用 --actuals FILE 给出各区的完成情况（列：{ $columns }）
usage-data-folder = --data { $dir }：应为数据文件夹（含 dataset.toml）、名单工作簿（.xlsx）或名单 CSV 文件夹；该处没有文件
usage-data-not-lists = --data { $dir }：应为数据文件夹（含 dataset.toml）、名单工作簿（.xlsx、.xlsm、.xls、.ods）或名单 CSV 文件夹；这是别的文件（单个 CSV 名单请与其他名单放在同一文件夹中）
usage-unknown-program = --program { $name }：应为 `pairplan programs` 列出的项目或指标表：{ $known }{ $hint }
usage-target-not-planned = --program { $table } 是指标表而非结对项目：没有可规划的内容；请用 `pairplan check --actuals FILE --program { $table }` 核对各区完成情况
wrote-file = 已写出 { $file }
refused-not-empty = 该文件夹中已有 { $count } 项；请指定一个空的或新的文件夹，或加 --force 覆盖同名文件
wrote-files = 已写出 { $count } 个文件到 { $dir }（种子 { $seed }）
wrote-man-pages = 已写出 { $count } 个手册页到 { $dir }

## programs --program、--frontier
col-rule = 规则
col-seed-clause = 文件依据
detail-shares = 与 { $programs } 共用帮扶方能力（{ $capacity }）：一并规划
col-changes = 调整数
col-change-weight = 调整权重
frontier-heading = { $program } 与 { $previous } 相比：每个调整数下的最优目标值（每行一个方案；介于两者之间的调整上限用 --max-changes）
target-detail = { $name } { $title } — 指标表，不涉及结对
    依据：{ $source }
    文件：{ $file }（官方）
    到期：{ $due }
target-milestone = 节点：{ $date } 前完成各项任务的 { $percent }%
col-counts = 含义
col-city-total = 全市合计
target-how = 报送对象（{ $count } 个）：{ $districts }

    用 `pairplan check --actuals FILE [--as-of YYYY-MM-DD] --program { $name }` 报送完成情况；
    FILE 为 CSV 文件，列为 { $columns }，每个对象、每项指标一行（`pairplan programs --actuals-template FILE` 生成全部行），例如
    { "  " }{ $example }

## check 的台账行、whatif --sweep
ledger-line = 台账 { $file } — { $about }
ledger-synthetic = 合成数据：由 `pairplan generate` 生成（有意留有缺口），并非官方记录
ledger-given = 自有数据
not-audited = 未检查（台账中没有这些项目的行）：{ $programs }（用 --program 指定项目可按空台账检查）
sweep-wrong = --sweep '{ $sweep }'：{ $why }；应为{ $expected }
sweep-expected = 形如 move(西青区,武清区)=0..60:10、minimum(市工商联)=5..15:1、capacity(E0123)=0..5:1 或 weight(off_map)=50..200:50 的参数扫描
sweep-no-equals = 缺少“=”
sweep-no-open = 键名后缺少“(”
sweep-no-close = 参数后缺少“)”
sweep-no-range = 范围中缺少“..”
sweep-not-a-number = “{ $text }”不是从 0 起的数
sweep-bad-range = 范围须以正步长递增，最多 10000 个取值
sweep-not-whole = { $value } 不是整数
sweep-no-weight = 没有名为“{ $name }”的权重
sweep-no-key = 没有参数 { $key }
expected-text = UTF-8 或 GBK 文本（第 { $offset } 字节无效；{ $looks }；请另存为 UTF-8，或在 Excel/WPS 中另存为 CSV）
not-gbk-either = 也不是有效的 GBK
looks-like = 文件看起来是 { $encoding }
expected-inside-dataset = 数据集文件夹内的文件（dataset.toml 和模型以相对于它的路径命名文件）
found-in-province = { $province } 有 { $found } 个
expected-province-count = { $province } 有 { $expected } 个受援方，如 { $file }:{ $line } 所载
expected-model-programs = 模型中定义的项目名称（{ $programs }）
expected-date = YYYY-MM-DD 格式的日期
expected-column-of = { $file } 中的列（{ $columns }）
expected-embedded-file = 内置数据集中的文件
arg-seconds = 应为大于 0 的秒数，实为“{ $text }”
arg-date = 应为 YYYY-MM-DD 格式的日期，实为“{ $text }”
arg-size = 应为 64K、128M 或 1G 这样的大小，实为“{ $text }”
baseline-label = 基准
previous-last-year = 上年（{ $file }）
previous-baseline = 基准方案（情景：{ $title }）

## 以要求形式给出的指标表
expected-target-source = “{ $table }”需要按区的指标表（`file` 与 `key`）或至少一条 [[targets.require]]
expected-one-bound = “{ $table }”的每条 [[targets.require]] 须且只须给出 at_least、more_than、at_most 之一
expected-described-indicator = “{ $table }”的 `indicators` 中已说明的指标
expected-province-of-map = 结对关系表（counties.csv）中的省
expected-subjects = 以下之一：{ $scopes }
target-disagreement = “{ $table }”中，方案对 { $count } 个对象“{ $indicator }”设定的下限合计 { $sum }，多于对全市提出的 { $city }（{ $clause }）：各对象的下限起约束作用，达到即满足全市要求；两者均按原文检查
subjects-count = { $count } 个对象（{ $first } 等）
target-requirement = - { $indicator }：{ $subjects } { $bound }，{ $due } 到期 — { $clause }
template-written = 已将 { $tables } 张指标表需报送的 { $rows } 项数据写入 { $file }：填写 `actual` 列后运行 `pairplan check --actuals { $file }`
help-arg-actuals_template = 生成完成情况报送模板（各区、各市级单位须报送的每项数据）写入 FILE：CSV，扩展名为 .xlsx 时为工作簿
due-several = 各行到期日不同，见各行
expected-sender = 帮扶方名称、区名、各区（各区的帮扶方）或 各部门/各单位（任何帮扶方）{ $hint }
finding-not-a-named-sender = 但方案为其指定了其他负责单位
noun-hosts = 接收单位
noun-groups = 来源地
noun-principals = 校长
noun-Tianjin-schools = 天津学校
noun-schools = 学校
noun-counties = 县
finding-pair-of-missing = 在 { $program } 中已结对，但此处缺少
finding-pair-of-extra = 但二者在 { $program } 中并未结对
expected-program-followed = 模型中另一个读取相同帮扶方（{ $helpers }）和受援方（{ $recipients }）的项目
usage-followed-not-planned = { $program } 依据 { $source } 的结对，而本次运行中 { $source } 没有方案
finding-due-by = ；{ $due } 前完成，尚未逾期
finding-overdue = ；应于 { $due } 前完成
note-reconcile = 方案所列{ $title }合计 { $total }；各项目合计 { $parts } = { $sum } { $reason }
programs-total = 方案 { $total }，各项目 { $sum }
programs-named-without-numbers = 有要求无数字
programs-kind-total = （合计）
programs-kind-pairing = 结对（可规划）
coverage-default = 模型未写覆盖规则：结对项目默认每个受援对象恰好一个帮扶方（可在模型中加 coverage 规则修改）
named-detail = { $name } { $title } — 有要求无数字：无可规划或核对的数据
    依据：{ $source }
    说明：{ $why }
finding-name-mismatch = { $file }第 { $line } 行：{ $column }「{ $written }」与编号 { $id } 在数据中的名称「{ $known }」不符：该行改了名称却没改编号，请改正编号或名称
finding-duplicate-pair = { $file }第 { $line } 行再次列出 { $recipient } ← { $helper }（首次在第 { $first } 行）：只计一次
drop-edited-by-name = 不按原样采用：{ $message }
list-more = { "  " }… 另有 { $count } 条（--all-errors 全部列出；--out 和 --format json 总是包含全部）
help-arg-all_errors = 在终端列出全部问题和发现，而不是每类前 50 条（--out 和 --format json 总是包含全部）
refused-heading = { $file }中有 { $count } 行不按原样采用：
expected-rename-no-cycle = 不会被改回的新编号：第 { $lines } 行构成循环改名
expected-rename-known = 今年数据中的编号（上年文件中有行被改为此编号）
help-arg-max_unpacked_size = 工作簿解压后的最大字节数（如 256M）：.xlsx 是压缩包，很小的文件也可能解压成数 GB
help-arg-max_cells = 工作表已用区域的最大单元格数（每行计到其最后一个有值的单元格）
expected-unpacked-size = 解压后不超过 { $size } 的工作簿（仅其部件 { $part } 就已超过；若文件确实这么大，请用 --max-unpacked-size 提高上限）
expected-used-range = 已用区域不超过 { $limit } 个单元格的工作表（第 { $row } 行延伸到 { $column } 列；若工作表确实这么大，请用 --max-cells 提高上限）
expected-no-error-cell = 一个值，而不是电子表格错误（该单元格显示 { $error }：请改正公式或直接填写数值）
expected-cached-value = 一个值：该单元格的公式 ={ $formula } 保存时没有计算结果（请用 Excel 或 WPS 打开后重新保存）
expected-cell-length = 不超过 { $limit } 个字符的单元格（Excel 本身的上限）
sheet-read = 读取了 { $file } 的工作表「{ $sheet }」
refused-dangling-link = 是指向不存在文件的符号链接；请给出文件本身的路径
refused-not-a-file = 是{ $kind }；输出只会替换普通文件（或用 - 表示标准输出）
refused-read-only = 是只读文件；pairplan 不会替换它
refused-an-input = 是本次运行的输入；pairplan 从不覆盖它读取的文件
refused-no-folder = 其所在文件夹 { $folder } 不存在
refused-written-twice = 也是本次运行中 { $other } 的文件；请为每个输出指定不同的文件
expected-other-district = { $from } 以外的区（把任务转给原来的区什么也不会改变）
expected-known-to-a-program = 所规划的 { $count } 个项目之一认识的名称或编号（都不认识；请在该修改中加上 program = "…" 说明是哪个项目的）
sweep-too-large = { $value } 太大（最多 { $max }）
sweep-same-district = 它把{ $district }的任务转给{ $district }自己，什么也不会改变
arg-seconds-too-many = 最多 { $most } 秒（约四个月），实际为「{ $text }」
diff-rows-heading = { $file }中与数据不符之处（{ $count } 处；下面的结对一律显示数据中的名称）：
part-cells = 其单元格的文本
finding-duplicate-pair-added = { $file }第 { $line } 行再次列出 { $recipient } ← { $helper }（首次在第 { $first } 行）：其数量计入该行
finding-takes-no-one = 但该帮扶方的能力为 0：不承担任何结对
drop-not-a-named-sender = 今年方案为该岗位指定了其他派出单位
drop-not-followed = 今年{ $program }的方案中没有这一对，而本项目随其结对

## 自有数据（plan --data 我的数据.xlsx）
found-two-sheets = 工作表 { $first } 和 { $second }
expected-one-sheet = { $table }只应有一张工作表（请改名或删去其中一张）
own-sheet-placed = { $sheet } → { $table }：{ $columns }
own-sheet-unused = { $sheet }：未使用（没有项目的表叫这个名字或有这些列）
own-table-fallback = { $table }：名单中没有，使用2019年的表（{ $file }）
found-sheets = 工作表 { $sheets }
expected-sheet-for = { $table }的工作表（名称为其一：{ $accepted }）
expected-column-for = “{ $column }”一列（表头为其一：{ $accepted }）
own-dataset-title = 自有数据（{ $name }）
usage-own-no-program = --data { $file }：没有哪个项目的名单齐全（工作表：{ $sheets }）。每个项目需要受援方名单和帮扶方名单：
  { $needs }
note-not-checked = 未核对{ $program }的 { $rule }：名单中没有{ $table }
own-mapping-heading = 名单的读法：

## pairplan init
help-init = 生成所选项目需填写的名单——一个工作簿或一个 CSV 文件夹——附“填写说明”表，并预填2019年方案中的官方表；填好后用 `plan --data` 读取
help-arg-target = 写到哪里：工作簿（我的数据.xlsx）或 CSV 文件夹（新建，须为空）。填好后交给 `plan --data`
help-arg-from_embedded = 写出整个内置的2019年数据集（全部表、设置、官方与合成的标记）而不是模板：对它运行 `plan --data` 与 `plan` 结果相同
init-col-sheet = 工作表
init-col-column = 列
init-col-meaning = 含义
init-col-required = 是否必填
init-col-example = 示例
init-col-note = 说明
init-prefilled-official = 已预填2019年方案的官方数字（{ $clause }）：可保留，或改为今年的数字
init-prefilled-synthetic = 已预填2019年数据集的行（标为 synthetic 的是合成数据）
init-to-fill = 待填写：每个一行；表头上方可有标题行，可有“序号”列
init-required = 必填
init-optional = 选填
init-also-accepted = 表头也可写作：{ $headers }
init-wrote = 已写出 { $file }——待填写：{ $fill }；已预填（2019年）：{ $prefilled }。填好后：pairplan plan --data { $file }
init-not-a-folder = CSV 名单应写入文件夹；工作簿请用 .xlsx 结尾的文件名
init-optional-table = 本模板未含此表：如需核对，可新增同名工作表，列为 { $columns }
init-exists = 已存在；init 不会覆盖已有文件（已填的名单会丢失）：请换一个新文件名
columns-as-2019 = 列名同2019年数据集
columns-accepted = 可用的表头
help-arg-columns = 与 --program 一起使用：列出该项目读取的各表（`pairplan init`、`plan --data 我的数据.xlsx`）：每列的含义、是否必填、可用的表头
finding-duplicate-pair-elsewhere = { $file }:{ $line } 列出的 { $recipient } ← { $helper } 在 { $first_file }:{ $first } 也已列出：两份文件报了同一结对，只计一次
finding-duplicate-pair-added-elsewhere = { $file }:{ $line } 列出的 { $recipient } ← { $helper } 在 { $first_file }:{ $first } 也已列出：数量加到那一行
finding-wrong-total-sum = { $file }:{ $line }：合计行“{ $column }”为 { $stated }，各行之和为 { $counted }
finding-wrong-total-rows = { $file }:{ $line }：合计行“{ $column }”为 { $stated }，文件共有 { $counted } 行
finding-claimed-twice = { $recipient } 在 { $first } 与 { $first_helper } 结对，在 { $second } 又与 { $second_helper } 结对：{ $program } 每个只有一个帮扶方
ledger-files = { $count } 个文件：{ $files }
col-file = 文件
col-rows = 行数
col-gaps = 问题
col-notes = 说明
check-per-file = 各文件（各区台账）：
check-changed-heading = 自 { $since } 以来改动的行上有 { $count } 条发现：
help-arg-last_plan = 上次的方案（`plan --out` 的文件或上年台账；可多个文件和文件夹）：自那以后改动过的行上的发现排在最前，单列标题
col-covered-of = 已覆盖 / 应覆盖
col-mismatched = 特长不匹配
plan-headline = 共 { $programs } 个项目：{ $planned } 个有方案，其中 { $complete } 个全覆盖；{ $failed } 个无方案；数据说明 { $notes } 条（见末尾）。以下为各项目详情：
whatif-baseline-line = 基准方案：共 { $programs } 个项目，{ $planned } 个有方案。各情景与基准的比较：
whatif-scenario-heading = 情景：{ $title }
whatif-no-plan = { $program }：无方案——{ $reason }
whatif-untouched = 其余 { $count } 个项目不变
whatif-district-loads = { $program }各区负荷：{ $moves }
sweep-words-move = { $from }转给{ $to }的村数
sweep-words-minimum = { $unit }的最少村数
sweep-words-capacity = { $helper }的能力
sweep-words-weight = 权重 { $weight }
sweep-note-move = { $program }：对口帮扶关系中{ $to }结对的县共有 { $recipients } 个{ $noun }，其任务数为 { $quota }：再多 { $margin } 个之后，转给{ $to }的每一个都只能离图结对
then-last-year = 上年
then-baseline = 基准方案中
sweep-note-move-full = { $program }：对口帮扶关系中{ $to }结对的县共有 { $recipients } 个{ $noun }，其任务数 { $quota } 已超出 { $margin } 个：转给{ $to }的每一个都只能离图结对
help-arg-generate-out = 写出完整数据集的文件夹（不存在则新建）
help-arg-report-out = 要写出的 HTML 文件
help-arg-export-out = 要写出的文件（`-`：标准输出）
help-arg-man-out = 每个命令一页，写入此文件夹；不写则在标准输出给出主页面
help-arg-export-format = 格式：dimacs（网络的整数费用，与最小费用流求解的相同）、lp 或 mps（与 LP 求解的相同）
help-shared-options = 通用选项
report-bin-unused = 未使用 0%
report-bin-full = 满额 100%
city-level = （市属）
outside-the-map = （对口关系之外）
city-level-helpers = 市属帮扶方
io-not-found = 没有这个文件或文件夹
io-permission-denied = 没有权限
io-already-exists = 已经存在
io-storage-full = 磁盘已满
io-is-a-directory = 这是一个文件夹
io-read-only = 磁盘只读
cannot-write = 无法写入 { $path }：{ $why }
help-usage = 用法：
help-arguments = 参数
help-options = 选项
help-help = 显示帮助
help-version = 显示版本
help-commands = 命令
help-command = 命令
