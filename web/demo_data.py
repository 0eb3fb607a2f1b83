"""Master data of the demo municipality (domain brief §6.6) and name pools for households."""

from __future__ import annotations

AGENCIES: tuple[tuple[str, str, str, str], ...] = (
    # code, name, English name, agency type
    ("fukushi-soudan", "福祉相談課", "Welfare Consultation Division", "city_department"),
    ("fukushi-seisaku", "福祉政策課", "Welfare Policy Division", "city_department"),
    ("koureisha", "高齢障がい課", "Elderly and Disability Division", "city_department"),
    ("shougai", "障害福祉課", "Disability Welfare Division", "city_department"),
    ("kodomo-katei", "子ども家庭支援センター", "Child and Family Support Centre", "centre"),
    ("seikatsu-fukushi", "生活福祉課", "Livelihood Welfare Division", "city_department"),
    ("kenkou", "健康推進課", "Health Promotion Division", "city_department"),
    ("kyouiku-shidou", "教育指導課", "Education Guidance Division", "city_department"),
    ("danjo", "男女共同参画センター", "Gender Equality Centre", "centre"),
    ("bousai", "防災危機管理課", "Disaster and Crisis Management Division", "city_department"),
    ("shakyo", "社会福祉協議会", "Council of Social Welfare", "shakyo"),
    ("kenri-yougo", "権利擁護センター", "Advocacy Centre", "shakyo"),
    ("houkatsu-kita", "北部地域包括支援センター", "North Community Comprehensive Support Centre", "centre"),
    ("houkatsu-chuo", "中部地域包括支援センター", "Central Community Comprehensive Support Centre", "centre"),
    ("houkatsu-minami", "南部地域包括支援センター", "South Community Comprehensive Support Centre", "centre"),
    ("kikan-soudan", "基幹相談支援センター", "Core Disability Consultation Centre", "centre"),
    ("jiritsu", "自立相談支援機関", "Independence Support Consultation Agency", "centre"),
    ("jidou-soudan", "児童相談所", "Child Guidance Centre", "external_public"),
    ("hello-work", "ハローワーク", "Public Employment Office", "external_public"),
    ("silver", "シルバー人材センター", "Silver Human Resources Centre", "corporation"),
    ("houjin-aoba", "社会福祉法人あおば会", "Social Welfare Corporation Aoba-kai", "corporation"),
    ("minsei", "民生委員・児童委員協議会", "Welfare Commissioners' Council", "community_volunteer"),
    ("seikatsu-shien-co", "生活支援コーディネーター", "Life Support Coordinators", "community_volunteer"),
    ("gakkou", "市立小中学校", "City Schools", "city_department"),
)

DAILY_LIFE_AREAS: tuple[tuple[str, str], ...] = (("kita", "北部圏域"), ("chuo", "中部圏域"), ("minami", "南部圏域"))

DISTRICTS: tuple[tuple[str, str], ...] = (
    ("d-ichi", "第一地区"), ("d-ni", "第二地区"), ("d-san", "第三地区"),
    ("d-yon", "第四地区"), ("d-go", "第五地区"), ("d-roku", "第六地区"),
)

USERS: tuple[tuple[str, str, str, str], ...] = (
    # username, name, role, agency
    ("admin", "システム 管理者", "admin", "fukushi-seisaku"),
    ("kimura", "木村 直子", "supervisor", "fukushi-soudan"),
    ("hayashi", "林 誠", "planner", "fukushi-seisaku"),
    ("sato", "佐藤 花子", "coordinator", "fukushi-soudan"),
    ("suzuki", "鈴木 一郎", "coordinator", "shakyo"),
    ("takahashi", "高橋 美咲", "coordinator", "shakyo"),
    ("ito", "伊藤 健太", "coordinator", "shakyo"),
    ("watanabe", "渡辺 恵", "coordinator", "houkatsu-kita"),
    ("yamamoto", "山本 涼子", "coordinator", "houkatsu-minami"),
    ("nakamura", "中村 大輔", "coordinator", "jiritsu"),
    ("kobayashi", "小林 由美", "coordinator", "kodomo-katei"),
)

SURNAMES: tuple[tuple[str, str], ...] = (
    ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"), ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"), ("小林", "コバヤシ"), ("加藤", "カトウ"),
    ("吉田", "ヨシダ"), ("山田", "ヤマダ"), ("佐々木", "ササキ"), ("山口", "ヤマグチ"), ("松本", "マツモト"),
    ("井上", "イノウエ"), ("木村", "キムラ"), ("林", "ハヤシ"), ("斎藤", "サイトウ"), ("清水", "シミズ"),
    ("森", "モリ"), ("池田", "イケダ"), ("橋本", "ハシモト"), ("石川", "イシカワ"), ("前田", "マエダ"),
)

GIVEN_NAMES: tuple[tuple[str, str], ...] = (
    ("太郎", "タロウ"), ("花子", "ハナコ"), ("一郎", "イチロウ"), ("美咲", "ミサキ"), ("健", "ケン"),
    ("陽菜", "ヒナ"), ("翔太", "ショウタ"), ("さくら", "サクラ"), ("大輔", "ダイスケ"), ("恵", "メグミ"),
    ("和子", "カズコ"), ("清", "キヨシ"), ("節子", "セツコ"), ("勇", "イサム"), ("蓮", "レン"),
    ("結衣", "ユイ"), ("悠真", "ユウマ"), ("葵", "アオイ"), ("修", "オサム"), ("幸子", "サチコ"),
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
    "地域サロンひだまり", "NPO法人つながりの家", "シルバー人材センター作業所", "こども食堂みんなのテーブル",
    "就労体験農園あおぞら", "社会福祉法人あおば会 カフェ",
)
