"""The settings every tenant starts with, and the rules their values follow."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from jixiao.platform.errors import InvalidInput


@dataclass(frozen=True)
class SettingSpec:
    """One setting: a whole number within [minimum, maximum] or one of `choices`."""

    key: str
    label: str
    default: str
    help: str
    group: str
    minimum: int | None = None
    maximum: int | None = None
    unit: str | None = None
    choices: tuple[str, ...] = field(default_factory=tuple)

    @property
    def kind(self) -> str:
        return "choice" if self.choices else "number"

    def check(self, value: str) -> str | None:
        """The problem with `value`, or None when it is fine."""
        if self.choices:
            return None if value in self.choices else f"须为 {' / '.join(self.choices)} 之一"
        assert self.minimum is not None
        assert self.maximum is not None
        if not value.isdigit() or not self.minimum <= int(value) <= self.maximum:
            return f"须为 {self.minimum} 到 {self.maximum} 之间的整数"
        return None


def _number(
    key: str, label: str, default: int, low: int, high: int, unit: str, help: str, group: str
) -> SettingSpec:
    return SettingSpec(key, label, str(default), help, group, low, high, unit)


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "locale",
        "界面语言",
        "zh-CN",
        "新用户默认的界面语言。",
        "general",
        choices=("zh-CN", "en"),
    ),
    SettingSpec(
        "timezone",
        "时区",
        "Asia/Shanghai",
        "截止时间、提醒和日志按此时区显示与计算。",
        "general",
        choices=("Asia/Shanghai", "Asia/Urumqi"),
    ),
    # Cybersecurity Law art. 21: logs are kept at least six months.
    _number(
        "audit_retention_days",
        "日志保留天数",
        180,
        180,
        3650,
        "天",
        "超过保留期的审计日志先归档（压缩、校验）再删除；依《网络安全法》不少于 180 天。",
        "security",
    ),
    # jixiao.city.compare: the parent government reads the published results only when "on".
    SettingSpec(
        "share_results_with_parent",
        "向上级共享考评结果",
        "off",
        "开启后，上级政府（如市考评办）可只读查看本级已公布的考评结果，与其他区县并列对比；"
        "未公布的结果始终不共享。",
        "general",
        choices=("off", "on"),
    ),
    # The three administrators and operators always need it (jixiao.identity.second_factor).
    SettingSpec(
        "two_factor_scope",
        "两步验证",
        "administrators",
        "三员（系统、安全、审计管理员）登录时必须输入验证器的动态验证码；"
        "选择“全部用户”则本单位所有用户都必须绑定验证器。",
        "security",
        choices=("administrators", "everyone"),
    ),
    _number(
        "reminder_days_before",
        "截止前提醒天数",
        3,
        0,
        30,
        "天",
        "填报截止前几天开始提醒；逾期未报依次提醒填报人、单位负责人、考评办。",
        "cycle",
    ),
    # jixiao.assignments.approval: whether a head's approval also sends the report up (上报).
    SettingSpec(
        "report_approval",
        "填报审核方式",
        "one_step",
        "一步：单位负责人审核通过即上报至实施监控的职能部门；"
        "两步：审核通过后须再点“上报”才送达职能部门。",
        "cycle",
        choices=("one_step", "two_step"),
    ),
    # jixiao.assignments.report_periods: a report after its period's report deadline.
    SettingSpec(
        "late_reports",
        "逾期填报",
        "mark",
        "过了本期填报截止日（当天结束后）才保存或提交的进度填报：“标记逾期”照常接收，"
        "在填报列表、详情和督查看板上标明逾期上报；“不予接收”则拒绝，须由考评办调整截止日。",
        "cycle",
        choices=("mark", "refuse"),
    ),
    # jixiao.appeals.window: counted from the result's first publication.
    _number(
        "appeal_window_days",
        "申诉期",
        5,
        0,
        30,
        "个工作日",
        "考评结果公布后，考评对象可在此期限内（按工作日计，公布当日不计）对本单位结果提出申诉；"
        "设为 0 则不受理申诉。",
        "cycle",
    ),
    # jixiao.scoring.runs.publicity: the 公示 period before a result becomes final.
    _number(
        "publicity_days",
        "公示期",
        5,
        0,
        30,
        "个工作日",
        "考评办可将审定的考评结果先公示：公示期内（按工作日计，公示当日不计）全区各单位都可查看"
        "完整排名并对本单位结果提出异议（按申诉办理），期满自动转为正式公布；设为 0 则不公示。",
        "cycle",
    ),
    # jixiao.scoring.runs.fairness: a scorer's mean standardised deviation flagged at or beyond it.
    _number(
        "fairness_threshold",
        "评分尺度提示线",
        50,
        10,
        300,
        "%标准差",
        "某评分人的平均标准化偏差（与同一指标、同一对象、同一周期其他评分人均值之差，"
        "以该指标评分人之间的离散程度为单位）达到此线（以标准差的百分之几计）及以上标为偏宽，"
        "达到负此线及以下标为偏严；仅供考评办审核结果时参考，不改变任何分数。",
        "cycle",
    ),
    _number(
        "fairness_min_entries",
        "评分尺度最少可比条数",
        5,
        2,
        200,
        "条",
        "评分人可与他人比较的评分少于此数时标为样本不足，不作偏宽、偏严判断。",
        "cycle",
    ),
    _number(
        "upload_max_mb",
        "附件大小上限",
        20,
        1,
        200,
        "MB",
        "单个佐证材料或通知附件的大小上限。",
        "cycle",
    ),
    # The supervision board's lights: percent of the period's milestone reached.
    _number(
        "supervision_green_percent",
        "督查绿灯线",
        90,
        1,
        100,
        "%",
        "完成进度达到本期节点目标的此比例及以上为绿灯。",
        "supervision",
    ),
    _number(
        "supervision_yellow_percent",
        "督查黄灯线",
        60,
        0,
        100,
        "%",
        "完成进度在黄灯线与绿灯线之间为黄灯，低于黄灯线为红灯；须低于绿灯线。",
        "supervision",
    ),
)
BY_KEY = {spec.key: spec for spec in SPECS}
GROUPS = {
    "general": "通用",
    "cycle": "季度考评",
    "supervision": "督查督办",
    "security": "安全与日志",
}

# Settings that must stay ordered: (lower key, higher key).
ORDERED = (("supervision_yellow_percent", "supervision_green_percent"),)


def validate(key: str, value: str, current: Mapping[str, str] | None = None) -> str:
    """The value to store for `key`, or an InvalidInput naming what is wrong.

    `current` holds the tenant's other values, for the settings that must stay ordered.
    """
    spec = BY_KEY.get(key)
    if spec is None:
        raise InvalidInput(f"未知的设置项「{key}」", field="key")
    value = value.strip()
    problem = spec.check(value)
    if problem:
        raise InvalidInput(
            f"设置项「{spec.label}」({key}) {problem}，收到「{value}」", field="value"
        )
    for low, high in ORDERED:
        if key not in (low, high) or current is None:
            continue
        other = high if key == low else low
        other_value = current.get(other, BY_KEY[other].default)
        lower, higher = (value, other_value) if key == low else (other_value, value)
        if int(lower) >= int(higher):
            raise InvalidInput(
                f"「{BY_KEY[low].label}」须低于「{BY_KEY[high].label}」"
                f"（现为 {lower} 与 {higher}）",
                field="value",
            )
    return value
