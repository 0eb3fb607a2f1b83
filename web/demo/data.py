"""Master data of the demo municipality (domain brief §6.6) and name pools for households."""

from __future__ import annotations

from pathlib import Path

from domain.setup_file import SetupFile, parse_setup

EXAMPLE_SETUP = Path(__file__).resolve().parents[2] / "examples" / "setup" / "sakuragaoka.toml"
"""The demo municipality's master data: the example set-up file, read by the same parser as ``kasane setup load``."""
SETUP: SetupFile = parse_setup(EXAMPLE_SETUP.read_text(encoding="utf-8"))

AGENCIES: tuple[tuple[str, str, str, str], ...] = tuple(
    (a.code, a.name, a.name_en, a.agency_type) for a in SETUP.agencies
)  # code, name, English name, agency type
DAILY_LIFE_AREAS: tuple[tuple[str, str], ...] = tuple(
    (a.code, a.name) for a in SETUP.areas if a.area_kind == "daily_life_area"
)
DISTRICTS: tuple[tuple[str, str], ...] = tuple((a.code, a.name) for a in SETUP.areas if a.area_kind == "district")
USERS: tuple[tuple[str, str, str, str], ...] = tuple(
    (s.code, s.name, s.role, s.agency) for s in SETUP.staff
)  # username, name, role, agency

SURNAMES: tuple[tuple[str, str], ...] = (
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山田", "ヤマダ"),
    ("佐々木", "ササキ"),
    ("山口", "ヤマグチ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("斎藤", "サイトウ"),
    ("清水", "シミズ"),
    ("森", "モリ"),
    ("池田", "イケダ"),
    ("橋本", "ハシモト"),
    ("石川", "イシカワ"),
    ("前田", "マエダ"),
)

GIVEN_NAMES: tuple[tuple[str, str], ...] = (
    ("太郎", "タロウ"),
    ("花子", "ハナコ"),
    ("一郎", "イチロウ"),
    ("美咲", "ミサキ"),
    ("健", "ケン"),
    ("陽菜", "ヒナ"),
    ("翔太", "ショウタ"),
    ("さくら", "サクラ"),
    ("大輔", "ダイスケ"),
    ("恵", "メグミ"),
    ("和子", "カズコ"),
    ("清", "キヨシ"),
    ("節子", "セツコ"),
    ("勇", "イサム"),
    ("蓮", "レン"),
    ("結衣", "ユイ"),
    ("悠真", "ユウマ"),
    ("葵", "アオイ"),
    ("修", "オサム"),
    ("幸子", "サチコ"),
)

SUMMARIES: dict[str, str] = {
    "elderly": "高齢の親の介護負担について相談",
    "hikikomori": "長期間自宅にこもっている家族について相談",
    "poverty": "家賃の滞納と生活費の不足について相談",
    "child_rearing": "子育ての不安と孤立について相談",
    "young_carer": "きょうだいの世話で登校が難しい子どもについて学校から連絡",
    "disability": "障害のある家族の今後の生活について相談",
    "dementia": "物忘れが進んだ一人暮らしの親について相談",
    "dv": "配偶者からの暴力について相談",
    "school_refusal": "不登校が続く子どもについて相談",
    "isolation": "近所との関わりがなく孤立している世帯について民生委員から連絡",
}

HOST_ORGANISATIONS: tuple[str, ...] = (
    "地域サロンひだまり",
    "NPO法人つながりの家",
    "シルバー人材センター作業所",
    "こども食堂みんなのテーブル",
    "就労体験農園あおぞら",
    "社会福祉法人あおば会 カフェ",
)
