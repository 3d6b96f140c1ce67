"""Write a project of N distinct, seed-sized exchange materials for the benchmark.

Every report is recombined from the sentences, units, places and figures of the
seed document (农村疫情防控工作经验交流材料, “三个一线”), with the numbers and
names perturbed, from a fixed random seed, so that the same command always
writes the same files: about 3,000 characters of visible text, 3 sections,
9 points and about 7 cases (one file each under data/cases/) per report.

    python benchmarks/generate.py OUT_DIR [--n 1000] [--seed 20230110]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = 20230110
CASES_PER_REPORT = 7
POINTS_PER_SECTION = 3
SECTIONS = 3

# -- pools -----------------------------------------------------------------------------

CITIES = {
    "铜仁市": [
        "碧江区",
        "万山区",
        "江口县",
        "玉屏县",
        "石阡县",
        "思南县",
        "印江自治县",
        "德江县",
        "沿河自治县",
        "松桃自治县",
    ],
    "遵义市": [
        "红花岗区",
        "汇川区",
        "播州区",
        "桐梓县",
        "绥阳县",
        "正安县",
        "道真自治县",
        "务川自治县",
        "凤冈县",
        "湄潭县",
        "余庆县",
        "习水县",
    ],
    "毕节市": ["七星关区", "大方县", "金沙县", "织金县", "纳雍县", "威宁自治县", "赫章县"],
    "安顺市": ["西秀区", "平坝区", "普定县", "镇宁自治县", "关岭自治县", "紫云自治县"],
    "黔东南州": ["凯里市", "黄平县", "施秉县", "三穗县", "镇远县", "岑巩县", "天柱县", "锦屏县", "剑河县", "台江县"],
}
PLACE_NAMES = [
    "坝黄",
    "凉水井",
    "紫薇",
    "大龙",
    "官寨",
    "泥哨",
    "水晶",
    "茶园",
    "桃源",
    "石板",
    "龙溪",
    "白岩",
    "青杠",
    "高峰",
    "新华",
    "和平",
    "团结",
    "红岩",
    "黄土",
    "马鞍",
    "金竹",
    "杨柳",
    "枫香",
    "松林",
    "中坝",
    "大坪",
    "小河",
    "长坪",
    "花桥",
    "鱼塘",
    "木黄",
    "合水",
    "天堂",
    "板溪",
    "瓦屋",
    "六龙山",
    "漾头",
    "桐木坪",
    "兴隆",
    "太平",
    "沙子坡",
    "塘头",
    "许家坝",
    "亭子坝",
    "大屯",
    "瓮溪",
    "鹦鹉溪",
    "张家寨",
    "朱家场",
    "茅坡",
]
TOWN_SUFFIXES = ["镇", "镇", "镇", "乡", "街道"]
VILLAGE_SUFFIXES = ["村", "村", "村", "社区"]
HOSPITALS = ["梵净山医院", "县人民医院", "县中医院", "县妇幼保健院", "民族医院"]
COMPANIES = [
    "宏源农业综合开发有限公司",
    "绿源茶业有限公司",
    "恒丰食品有限公司",
    "新兴建材有限公司",
    "山水农牧发展有限公司",
    "金穗米业有限公司",
    "惠民超市连锁有限公司",
    "黔康医药有限公司",
]

AREAS = ["农村", "乡村"]
METHODS = ["三个一线", "三个到位", "三个聚焦", "三个强化", "三个下沉", "三个坚持", "三个同步"]
FORCES = ["群团力量", "党员力量", "志愿力量", "社会力量", "巾帼力量", "青春力量"]
GATHER_VERBS = ["组织", "凝聚", "汇聚", "动员"]
HEADLINE_ENDS = [
    "筑牢{area}疫情防控屏障",
    "守护{area}群众生命健康",
    "织密{area}疫情防护网",
    "打好{area}疫情防控主动仗",
    "守好{area}疫情防控防线",
]
OPENINGS = ["连日来", "近期", "入冬以来", "疫情防控转段以来"]
AIMS = [
    "确保{area}地区平稳过峰，保障广大群众生命健康安全",
    "确保{area}地区平稳有序，切实守护广大群众身体健康",
    "推动防控措施在{area}落地见效，保障广大群众生命健康安全",
]

SECTION_LINES = [
    ("践行初心使命", "干部下沉到一线"),
    ("强化责任担当", "履职尽责到一线"),
    ("发挥组织优势", "凝聚资源到一线"),
    ("坚持党建引领", "组织覆盖到一线"),
    ("突出精准施策", "服务保障到一线"),
    ("凝聚社会合力", "关爱温暖到一线"),
    ("压实工作责任", "督查指导到一线"),
    ("广泛宣传发动", "政策宣讲到一线"),
]
KEY_PHRASES = [
    "健全“作战体系”",
    "配强“作战队伍”",
    "突出“作战成效”",
    "筑牢“战斗堡垒”",
    "紧盯“重点人群”",
    "开展“五个到家”",
    "广泛动员“聚力量”",
    "组织关怀“聚合力”",
    "筹集温暖“聚民心”",
    "压实“责任链条”",
    "织密“防控网格”",
    "畅通“服务渠道”",
    "做实“健康监测”",
    "守好“农村门户”",
    "办好“暖心实事”",
    "用好“宣传阵地”",
    "建强“志愿队伍”",
    "拓展“服务内容”",
    "落实“包保责任”",
    "强化“物资保障”",
    "关爱“一老一小”",
    "激活“基层细胞”",
    "搭建“爱心平台”",
    "创新“宣传方式”",
    "优化“工作机制”",
    "夯实“基层基础”",
    "聚焦“急难愁盼”",
    "延伸“服务触角”",
]

# Sentences of the seed's points, and more in the same register; digits are perturbed per use.
SENTENCES = [
    "下发关于印发关于群团组织队伍下沉一线聚力农村疫情防控保障的方案的通知文件，以“党建引领践初心群团组织担使命”为主题，构建市级统筹、县级推动、乡镇落实的指挥体系，要求9个群团组织迅速组织本系统市县两级在职在编干部下沉一线到村开展工作，并服从乡镇党委统一管理，补位疫情防控“三支队伍”。",
    "按照以不得低于单位在职在编干部人数80%的比例，着力选用在重要关头、重点工作、重大项目等急难险重任务面前能经受考验、成绩突出的优秀干部下沉到一线开展疫情防控工作。",
    "目前，各群团组织已累计选派干部下沉一线2222人次，确保疫情防控转段平稳有序。",
    "充分发挥群团组织政治性、先进性和群众性“三性”功能，市县两级群团组织迅速下沉一线，整合各驻村力量形成合力，深入村组一线、群众家中，把工作重心放到基层一线，把防控政策宣传到基层一线，把党的关怀送到基层一线。",
    "下发关于充分发挥农村基层党组织、党员干部在农村疫情防控工作中作用的工作提示文件，激励群团组织党员干部在乡镇党委统领、村党组织带领下担当作为，深入“疫”线挑担子、领任务，切实增强基层党组织战斗堡垒作用。",
    "加强重点人群摸排并建立信息工作台账，落实“二包一”机制，及时把“防疫健康包”送到群众手中，结合实际密切随访，耐心说服引导未接种疫苗的老年人“应接尽接”，并积极开展关怀慰问，严格落实“见医见药见干部”要求。",
    "广大群团组织干部队伍切实开展送医到家、温暖到家、预防到家、互助到家、宣传到家“五个到家”活动，自觉践行初心使命，带头履职尽责，积极协助村党组织做好政策宣传、摸底排查、购药送药、心理辅导、后勤保障等服务，快速融入全市农村疫情防控工作大局。",
    "各群团组织充分发挥各自职能优势作用，汇聚干部职工、青年志愿者、妇女群众等各方力量，加入防控队伍，服从调配安排，全力协助做好排查登记、物资保障、疫苗接种等工作，帮助群众解决实际需求和生活困难，切实在一线展现群团组织风采。",
    "始终坚持在一线关心激励干部，将基层党组织和党员作用发挥、领导班子和党员干部履职等情况作为考察识别干部的重要依据，对在疫情防控中表现良好、群众公认度高的干部，纳入优秀干部数据库，有效激发疫情防控一线干部干事创业活力。",
    "目前，各区县皆组建疫情防控督查队伍，坚持把识别党员干部的“考场”搬到疫情防控“疫”线，落实落细关爱措施，激励广大党员干部担当作为，为打赢农村疫情防控硬仗凝聚强大合力。",
    "充分发挥桥梁纽带作用，积极动员各方力量，筹集公益组织、爱心企业、爱心个人为一线防疫队伍和广大群众送去温暖、送去爱心。",
    "建立“市级领导包县、县级领导包乡、乡镇干部包村”工作机制，明确3类责任清单，层层压实属地、部门、单位和个人“四方责任”，做到责任到人、任务到岗。",
    "以村民小组为单位划分防控网格1260个，每个网格配备1名网格员、2名志愿者，常态化开展入户走访，做到底数清、情况明、服务准。",
    "开通24小时服务热线，公布群团组织联系人和联系电话，及时回应群众就医购药、生活保障等方面诉求，累计受理群众求助415件，办结率达98%。",
    "组织村医、网格员对65岁以上老年人、孕产妇、慢性病患者等重点人群开展每日健康监测，建立“一人一档”，发现异常及时转诊，做到早发现、早处置。",
    "在返乡人员集中的交通要道设立便民服务点36个，为返乡群众提供健康咨询、防疫物资发放等服务，筑牢农村疫情防控第一道防线。",
    "聚焦群众最关心最直接最现实的利益问题，为困难群众代购生活物资、代办民生事项，累计办理暖心实事1870件，让群众感受到党和政府的温暖。",
    "充分利用村村通广播、微信群、“小喇叭”等载体，采取群众喜闻乐见、通俗易懂的方式宣传防疫知识，推送防疫信息5万余条，引导群众做好自我防护。",
    "各级团组织招募青年志愿者组建“青年突击队”，在疫苗接种点、卡口值守点、物资转运点开展志愿服务，累计服务时长达3.6万小时。",
    "把关爱留守老人、留守儿童作为重点，组织妇联执委、巾帼志愿者与留守老人、留守儿童结对帮扶，开展上门探访、代购代送、陪伴照料等服务。",
    "推动群团组织工作力量向村组延伸、服务资源向一线倾斜，把党的声音和关怀及时传递到群众身边，进一步密切党群干群关系。",
    "坚持每周召开一次调度会，研究解决一线遇到的困难和问题，及时总结推广好的经验做法，推动各项防控措施落地落实。",
    "积极对接爱心企业和社会组织，搭建线上线下爱心捐赠平台，共募集防疫款物折合人民币320万元，全部用于农村疫情防控一线。",
    "创新开展“线上讲堂”“田间课堂”等活动，邀请医疗专家录制防疫科普短视频28期，累计播放量达12万余次。",
    "建立健全信息报送、督促检查、考核评价等制度，定期通报工作进展情况，对工作不力、推进缓慢的及时提醒督促，确保各项任务按时保质完成。",
    "引导广大群众树立“每个人都是自己健康第一责任人”的理念，主动配合做好排查登记、健康监测等工作，形成群防群控、联防联控的良好局面。",
    "组织医务志愿者深入偏远村寨开展巡回义诊，为群众免费测量血压、血糖，发放常用药品，打通农村医疗服务“最后一公里”。",
    "选派懂医学、会宣传、善沟通的干部组成政策宣讲小分队，深入院坝、田间地头开展宣讲460余场次，确保防疫政策家喻户晓。",
    "坚持“线上+线下”相结合，线上依托“两微一端”发布防疫指南，线下组织志愿者入户发放明白纸，确保防疫知识进村入户、深入人心。",
    "针对农村地区老年人多、基础病患者多的实际，协调医疗机构为村卫生室调配退烧、止咳等常用药品，建立药品余缺调剂机制，保障群众用药需求。",
    "发挥基层妇联组织“半边天”作用，发动广大妇女群众当好家庭防疫“健康守门人”，带动家庭成员养成勤洗手、戴口罩、常通风的良好习惯。",
    "各级工会组织深入开展“送温暖”活动，走访慰问坚守一线的医务人员、社区工作者和困难职工520户，发放慰问金和慰问品折合36万元。",
    "依托新时代文明实践站所，组织文艺志愿者创作快板、山歌、顺口溜等防疫作品40余件，以群众身边事教育身边人。",
    "对独居老人、留守儿童、残疾人等特殊群体实行“一对一”包保，定期电话问候、上门探视，及时帮助解决生活中的实际困难。",
    "围绕农村春节期间人员流动性大的特点，提前谋划、周密部署，统筹做好返乡人员服务、集市庙会管控和农村集体聚餐引导等工作。",
    "将疫情防控工作与乡村振兴、基层治理等工作统筹推进，引导群众在做好防护的前提下抓好春耕备耕，确保防疫生产两不误。",
    "建立群团组织与乡镇、村联络协调机制，明确专人负责信息对接，每日收集汇总一线需求，做到需求在一线发现、问题在一线解决。",
    "组织科技工作者编印《农村疫情防控科普手册》1.5万册，免费发放到村民手中，帮助群众科学认识病毒、理性应对疫情。",
    "开展“志愿服务进万家”行动，组织志愿者帮助行动不便的群众代购药品、代缴费用、代办事务，累计服务群众2.3万人次。",
    "注重在疫情防控一线发现和培养入党积极分子，引导优秀青年在急难险重任务中经受锻炼、增长才干。",
]
POINT_CLOSINGS = [
    "截至目前，全市各群团组织共动员25719名志愿者到村开展志愿服务。",
    "截至目前，全市群团组织累计开展各类服务活动3620场次，惠及群众12万余人。",
    "截至目前，各级群团组织共筹集防疫物资折合价值460万元。",
    "截至目前，全市已累计走访重点人群8.2万人次，发放“防疫健康包”3万余个。",
]
REPORT_CLOSINGS = [
    "下一步，{city}将继续发挥群团组织联系服务群众的优势，持续推动力量下沉、资源下沉、服务下沉，为全面打赢{area}疫情防控攻坚战贡献群团力量。",
    "下一步，{city}将认真总结经验做法，进一步健全常态化工作机制，推动群团组织在基层治理中发挥更大作用。",
    "",
    "",
]


@dataclass(frozen=True)
class CaseTemplate:
    """A case shape: which kinds of unit may do it, its text and its figures' ranges."""

    orgs: tuple[str, ...]
    text: str
    figures: dict[str, tuple]  # name -> (low, high, unit, approx, wan)


CASE_TEMPLATES = [
    CaseTemplate(
        ("总工会",),
        "积极主动与{town}{village}联系，针对村卫生院当前药品种类不齐全、储备数量少等问题，{short}迅速行动，为村卫生院送去布洛芬、重感冒灵片、抗病毒口服液等价值{{medicine}}的药品",
        {"medicine": (1, 5, "元", True, True)},
    ),
    CaseTemplate(
        ("街道工青妇组织",),
        "{{volunteers}}志愿服务队伍加入辖区内{{villages}}村党组织，帮助村党组织做好摸底排查、政策宣传、购药送药等服务，切实补位疫情防控“三支队伍”，筑牢基层党组织战斗堡垒",
        {"volunteers": (40, 200, "人", True, False), "villages": (5, 18, "个", False, False)},
    ),
    CaseTemplate(
        ("团委",),
        "积极组织各乡镇团委“红马甲”迅速出击，就近就地参与“防疫健康包”分装、装车和发放工作，与乡村工作者共同筑起疫情防线",
        {},
    ),
    CaseTemplate(
        ("红十字会",),
        "联合{bank}在{town}{village}开展防控政策集中宣讲暨“博爱送万家”活动，为{{households}}群众送去口罩、大米、食用油、春联等价值{{goods}}的物资",
        {"households": (30, 160, "户", False, False), "goods": (2000, 9800, "元", False, False)},
    ),
    CaseTemplate(
        ("团委",),
        "招募医学类专业志愿者{{volunteers}}、志愿车队{{convoys}}到村协助开展服务工作",
        {"volunteers": (300, 2000, "人", False, False), "convoys": (2, 8, "支", False, False)},
    ),
    CaseTemplate(
        ("文联",),
        "向全{city_level}文艺工作者发出铭责、尽责、担责，向人民奉献有温度的文艺倡议书，{{volunteers}}文艺志愿者下沉一线开展义务送春联、疫情防控政策宣传等活动",
        {"volunteers": (60, 300, "名", False, False)},
    ),
    CaseTemplate(
        ("团委",),
        "组织{hospital}、{company}等爱心企业，在{town}{village}开展“文明村寨暖冬行动”志愿服务活动，为村民开展免费体检医疗服务并送去价值{{goods}}的爱心物资",
        {"goods": (20000, 90000, "元", False, False)},
    ),
    CaseTemplate(
        ("妇联",),
        "组建“巾帼志愿服务队”{{teams}}，深入{town}各村组开展入户走访，为留守老人、留守儿童送去血氧仪、体温计等防疫物品{{items}}",
        {"teams": (3, 15, "支", False, False), "items": (200, 1500, "件", True, False)},
    ),
    CaseTemplate(
        ("红十字会", "总工会"),
        "联合{hospital}组织{{doctors}}医务人员组成义诊小分队，走进{town}{village}为群众开展健康咨询和用药指导，发放防疫宣传资料{{leaflets}}",
        {"doctors": (8, 40, "名", False, False), "leaflets": (1000, 6000, "份", True, False)},
    ),
    CaseTemplate(
        ("工商联",),
        "发动辖区爱心企业和个体工商户捐赠米、油、蔬菜等生活物资，折合价值{{goods}}，送到{town}{village}防疫卡点和困难群众家中",
        {"goods": (2, 12, "元", True, True)},
    ),
    CaseTemplate(
        ("团委",),
        "组织青年突击队{{youth}}，协助{town}卫生院开展疫苗接种登记、秩序维护和老年人接种引导，累计服务群众{{served}}",
        {"youth": (20, 120, "人", False, False), "served": (1500, 9000, "人次", True, False)},
    ),
    CaseTemplate(
        ("妇联", "总工会"),
        "开设“心理援助热线”，组织心理咨询师{{counsellors}}为居家群众、一线防控人员提供心理疏导服务，累计接听咨询电话{{calls}}",
        {"counsellors": (6, 30, "名", False, False), "calls": (200, 1600, "个", True, False)},
    ),
    CaseTemplate(
        ("科协",),
        "动员科技工作者{{experts}}利用科技馆、农家书屋等阵地开展科学防疫知识宣讲{{lectures}}，覆盖群众{{people}}",
        {
            "experts": (30, 200, "名", False, False),
            "lectures": (20, 120, "场次", False, False),
            "people": (1, 6, "人", True, True),
        },
    ),
]


def _short_region(region: str) -> str:
    return re.sub(r"(自治县|区|县|市)$", "", region)


def _unit_name(org: str, city: str, region: str, town: str, rng: random.Random) -> tuple[str, str]:
    """Return the unit's full name and the short name it uses for itself in a text."""
    level = region[-1] if region[-1] in "区县市" else "县"
    city_level = city[-1]  # 市 or 州
    if org == "团委":
        if rng.random() < 0.3:
            return f"团{city_level}委", f"团{city_level}委"
        return f"共青团{region}委", f"{level}团委"
    if org == "街道工青妇组织":
        return f"{region}{town}工青妇组织", "工青妇组织"
    if org == "文联":
        return f"{city_level}文联", f"{city_level}文联"
    return f"{region}{org}", f"{level}{org}"


# Numbers that are names or rules rather than counts: 24小时, 65岁以上.
_FIXED_AFTER_NUMBER = ("小时服务", "岁")


def _perturb_numbers(text: str, rng: random.Random) -> str:
    """Return text with each number changed by up to ±40%, keeping percentages under 100."""

    def replace(match: re.Match) -> str:
        number, percent = match.group(1), match.group(2)
        if text.startswith(_FIXED_AFTER_NUMBER, match.end()):
            return number
        if percent:
            return f"{rng.randint(60, 98)}%"
        value = float(number)
        if value < 4:  # small counts (1名网格员, 3类) read oddly when changed
            return number
        changed = value * rng.uniform(0.6, 1.4)
        if "." in number:
            return f"{changed:.1f}"
        return str(max(2, round(changed)))

    return re.sub(r"(\d+(?:\.\d+)?)(%)?", replace, text)


def _figure(rng: random.Random, low, high, unit: str, approx: bool, wan: bool) -> str:
    value = rng.randint(low, high)
    if approx and not wan and value >= 20:
        # "100余人", "900余件": an approximate number is written round
        step = 100 if value >= 200 else 10
        value -= value % step
    elif not wan and value >= 1000:
        value = round(value, -2) if value < 10000 else round(value, -3)
    return f"{value}{'万' if wan else ''}{'余' if approx else ''}{unit}"


def _place(rng: random.Random, suffixes: list[str]) -> str:
    return rng.choice(PLACE_NAMES) + rng.choice(suffixes)


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _case_yaml(
    case_id: str,
    unit: str,
    region: str,
    place: str,
    date: dt.date,
    front_line: str,
    tags: list[str],
    text: str,
    figures: dict[str, str],
) -> str:
    lines = [
        "# yaml-language-server: $schema=../../schemas/case.schema.json",
        f"id: {case_id}",
        f"unit: {_quoted(unit)}",
        f"region: {_quoted(region)}",
        f"place: {_quoted(place)}",
        f"date: {date.isoformat()}",
        f"front_line: {_quoted(front_line)}",
        f"tags: [{', '.join(tags)}]",
        "text: >-",
        f"  {text}",
    ]
    if figures:
        lines.append("figures:")
        lines.extend(f"  {name}: {_quoted(value)}" for name, value in figures.items())
    return "\n".join(lines) + "\n"


def _cases_per_point(rng: random.Random, total: int, points: int) -> list[int]:
    counts = [0] * points
    for _ in range(total):
        counts[rng.randrange(points)] += 1
    return counts


def generate_report(index: int, rng: random.Random, used_headlines: set[str]) -> tuple[str, dict[str, str]]:
    """Return one report's YAML text and its cases' YAML texts by case id."""
    report_id = f"report-{index:04d}"
    city = rng.choice(list(CITIES))
    regions = CITIES[city]
    area = rng.choice(AREAS)
    for _ in range(50):
        method = rng.choice(METHODS)
        force = rng.choice(FORCES)
        headline = f"“{method}”{rng.choice(GATHER_VERBS)}{force}{rng.choice(HEADLINE_ENDS).format(area=area)}"
        if headline not in used_headlines:
            break
    used_headlines.add(headline)
    date = dt.date(2022, 12, 20) + dt.timedelta(days=rng.randrange(60))
    issuer = f"{city}委宣传部"
    sections = rng.sample(SECTION_LINES, SECTIONS)
    key_phrases = rng.sample(KEY_PHRASES, SECTIONS * POINTS_PER_SECTION)
    lead = (
        f"{rng.choice(OPENINGS)}，{city}为更好应对{area}疫情防控新情况新问题新挑战，通过采取"
        + "、".join(line for _, line in sections)
        + f"“{method}”方式，组织{force}下沉到村开展疫情防控工作，{rng.choice(AIMS).format(area=area)}。"
    )

    n_cases = rng.choice([6, 7, 7, 7, 8])
    per_point = _cases_per_point(rng, n_cases, SECTIONS * POINTS_PER_SECTION)
    case_files: dict[str, str] = {}
    report_lines = [
        "# yaml-language-server: $schema=../../schemas/report.schema.json",
        "template: exchange",
        "kind: 经验交流材料",
        f"title: {area}疫情防控工作经验交流材料",
        f"headline: {_quoted(headline)}",
        f"issuer: {_quoted(issuer)}",
        f"author: {_quoted(issuer)}",
        f"date: {date.isoformat()}",
        "lead: >-",
        f"  {lead}",
        "sections:",
    ]
    point_number = 0
    sentences = list(SENTENCES)
    rng.shuffle(sentences)
    for theme, front_line in sections:
        report_lines += [f"  - theme: {theme}", f"    front_line: {front_line}", "    points:"]
        for _ in range(POINTS_PER_SECTION):
            key_phrase = key_phrases[point_number]
            count = rng.choice([2, 3, 3, 3, 3, 3, 4, 4, 4, 4])
            text = "".join(
                _perturb_numbers(sentences.pop() if sentences else rng.choice(SENTENCES), rng) for _ in range(count)
            )
            text = text.replace("农村", area) if area != "农村" else text
            report_lines += [f"      - key_phrase: {_quoted(key_phrase)}", "        text: >-", f"          {text}"]
            ids = []
            for _ in range(per_point[point_number]):
                case_id = f"{report_id}-case-{len(case_files) + 1}"
                case_files[case_id] = _generate_case(case_id, rng, city, regions, front_line, date)
                ids.append(case_id)
            if ids:
                report_lines.append(f"        cases: [{', '.join(ids)}]")
            if rng.random() < 0.15:
                report_lines.append(f"        closing: {_quoted(_perturb_numbers(rng.choice(POINT_CLOSINGS), rng))}")
            point_number += 1
    closing = rng.choice(REPORT_CLOSINGS).format(city=city, area=area)
    if closing:
        report_lines += ["closing: >-", f"  {closing}"]
    return "\n".join(report_lines) + "\n", case_files


def _generate_case(
    case_id: str, rng: random.Random, city: str, regions: list[str], front_line: str, report_date: dt.date
) -> str:
    template = rng.choice(CASE_TEMPLATES)
    org = rng.choice(template.orgs)
    region = rng.choice(regions)
    town = _place(rng, TOWN_SUFFIXES)
    village = _place(rng, VILLAGE_SUFFIXES)
    unit, short = _unit_name(org, city, region, town, rng)
    text = template.text.format(
        town=town,
        village=village,
        short=short,
        city_level=city[-1],
        bank=f"{_short_region(region)}农商行",
        hospital=rng.choice(HOSPITALS),
        company=f"{_short_region(region)}{rng.choice(COMPANIES)}",
    )
    figures = {name: _figure(rng, *spec) for name, spec in template.figures.items()}
    date = report_date - dt.timedelta(days=rng.randrange(1, 15))
    tags = ["志愿服务" if "志愿" in text else "物资" if "物资" in text else "服务群众", org.replace("街道", "")]
    return _case_yaml(case_id, unit, region, town + village, date, front_line, tags, text, figures)


def generate_project(root: Path, n: int, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write a project with `n` reports under `root`; return the report files' paths.

    The same `n` and `seed` always give the same files. The repository's
    templates/ folder is copied in when it exists.
    """
    rng = random.Random(seed)
    reports_dir = root / "data" / "reports"
    cases_dir = root / "data" / "cases"
    reports_dir.mkdir(parents=True, exist_ok=True)
    cases_dir.mkdir(parents=True, exist_ok=True)
    templates = REPO_ROOT / "templates"
    if templates.is_dir():
        shutil.copytree(templates, root / "templates", dirs_exist_ok=True)
    used_headlines: set[str] = set()
    paths = []
    for index in range(1, n + 1):
        report_text, cases = generate_report(index, rng, used_headlines)
        path = reports_dir / f"report-{index:04d}.yaml"
        path.write_text(report_text, encoding="utf-8")
        paths.append(path)
        for case_id, case_text in cases.items():
            (cases_dir / f"{case_id}.yaml").write_text(case_text, encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="project folder to write (created if missing)")
    parser.add_argument("--n", type=int, default=1000, help="number of reports (default 1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    paths = generate_project(args.out_dir, args.n, args.seed)
    print(f"wrote {len(paths)} reports under {args.out_dir / 'data'}")


if __name__ == "__main__":
    main()
