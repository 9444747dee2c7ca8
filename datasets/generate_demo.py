#!/usr/bin/env python3
"""Write the SYNTHETIC demo corpus of this folder (standard library only).

    python3 datasets/generate_demo.py            # (re)write the files next to this script
    python3 datasets/generate_demo.py --out DIR  # write them somewhere else
    python3 datasets/generate_demo.py --check    # regenerate in memory, compare with the files

Every sentence below was written for this project. Nothing is taken from real
government work reports: 示例市 (a city) and 样例县 (a county) are fictional, and
all numbers are drawn from a seeded random generator. The output is
byte-for-byte deterministic (fixed seed, no time stamps, no hash ordering).

What is planted (see SCHEDULE): policy terms appear, disappear and rise on
purpose so that a trend chart shows them, e.g. 数字经济 absent before 2017 and
rising after, 新质生产力 only from 2024, 互联网+ from 2015 to 2022 (written once
with a full-width plus, 互联网＋, in 2016), 人工智能+ from 2024, 乡村振兴 from
2018, 高质量发展 from 2018, 碳达峰/碳中和 from 2021, 计划经济 only 2012-2014 and
招商引资 fading. 示例市 has no 2020 report, on purpose (a gap in the series).
"""
import argparse
import csv
import io
import json
import os
import random
import sys
import unicodedata

SEED = "analyze-demo-v1"
HERE = os.path.dirname(os.path.abspath(__file__))

CITY = "示例市"
COUNTY = "样例县"
CITY_YEARS = [2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2021, 2022, 2023, 2024, 2025]
COUNTY_YEARS = [2016, 2019, 2023, 2025]

# ---------------------------------------------------------------------------
# Planted terms: how many template sentences with the term go into each report.
# Every planted sentence contains its term exactly once (the 碳达峰 sentences
# contain 碳中和 once too, the 大众创业 sentences contain 万众创新 once too), and
# no filler sentence contains any tracked term, so these are the exact
# substring counts of the generated texts (after NFKC normalisation).
# ---------------------------------------------------------------------------
SCHEDULE = {
    CITY: {
        "数字经济": {2017: 1, 2018: 2, 2019: 3, 2021: 4, 2022: 5, 2023: 6, 2024: 7, 2025: 8},
        "新质生产力": {2024: 3, 2025: 5},
        "互联网+": {2015: 2, 2016: 3, 2017: 3, 2018: 2, 2019: 2, 2021: 1, 2022: 1},
        "人工智能+": {2024: 1, 2025: 3},
        "乡村振兴": {2018: 2, 2019: 3, 2021: 4, 2022: 4, 2023: 3, 2024: 3, 2025: 3},
        "计划经济": {2012: 2, 2013: 1, 2014: 1},
        "招商引资": {2012: 6, 2013: 5, 2014: 5, 2015: 4, 2016: 3, 2017: 3, 2018: 2, 2019: 2,
                 2021: 1, 2022: 1, 2023: 1},
        "高质量发展": {2018: 2, 2019: 3, 2021: 4, 2022: 5, 2023: 6, 2024: 6, 2025: 7},
        "碳达峰": {2021: 1, 2022: 2, 2023: 2, 2024: 2, 2025: 2},
        "一带一路": {2014: 1, 2015: 2, 2016: 2, 2017: 3, 2018: 2, 2019: 2, 2021: 1, 2022: 1,
                 2023: 2, 2024: 1, 2025: 1},
        "供给侧结构性改革": {2016: 3, 2017: 3, 2018: 2, 2019: 2, 2021: 1, 2022: 1},
        "营商环境": {2014: 1, 2016: 1, 2017: 2, 2018: 3, 2019: 3, 2021: 3, 2022: 4, 2023: 4,
                 2024: 4, 2025: 5},
        "大众创业": {2015: 2, 2016: 2, 2017: 1, 2018: 1, 2019: 1},
        "脱贫攻坚": {2016: 1, 2017: 2, 2018: 2, 2019: 2, 2021: 1},
        "低空经济": {2024: 1, 2025: 2},
        "专精特新": {2021: 1, 2022: 2, 2023: 2, 2024: 2, 2025: 2},
        "数据要素": {2023: 1, 2024: 1, 2025: 2},
        "新型城镇化": {2013: 1, 2014: 2, 2015: 1, 2016: 1, 2017: 1},
    },
    COUNTY: {
        "乡村振兴": {2019: 5, 2023: 6, 2025: 6},
        "精准扶贫": {2016: 3, 2019: 2},
        "脱贫攻坚": {2016: 2, 2019: 3, 2023: 1},
        "数字经济": {2019: 1, 2023: 2, 2025: 3},
        "高质量发展": {2019: 1, 2023: 3, 2025: 4},
        "招商引资": {2016: 4, 2019: 3, 2023: 2, 2025: 1},
        "互联网+": {2016: 2, 2019: 1},
        "新质生产力": {2025: 1},
        "碳达峰": {2023: 1, 2025: 1},
        "营商环境": {2016: 1, 2019: 2, 2023: 3, 2025: 3},
        "一带一路": {2019: 1},
    },
}
# terms whose planted sentences also contain a second tracked term
COMPANION = {"碳达峰": "碳中和", "大众创业": "万众创新"}
TRACKED = sorted({t for reg in SCHEDULE.values() for t in reg} | set(COMPANION.values()))

# section where a planted term goes: ind(ustry), ref(orm), open(ing), rur(al), eco(logy), urb(an), lead
TOPIC = {
    "数字经济": "ind", "新质生产力": "ind", "互联网+": "ind", "人工智能+": "ind", "专精特新": "ind",
    "低空经济": "ind", "数据要素": "ind", "大众创业": "ind", "高质量发展": "lead",
    "乡村振兴": "rur", "精准扶贫": "rur", "脱贫攻坚": "rur", "新型城镇化": "urb",
    "计划经济": "ref", "供给侧结构性改革": "ref", "营商环境": "ref",
    "招商引资": "open", "一带一路": "open", "碳达峰": "eco",
}

# Planted sentences: (kind, template); kind r = review of last year, p = plan.
PLANTED = {
    "数字经济": [
        ("r", "数字经济核心产业增加值增长{p}%。"),
        ("r", "全市数字经济规模突破{v}亿元，占地区生产总值比重提高到{ds}%。"),
        ("r", "示例数字产业园入驻企业{n}家，数字经济集聚效应初步显现。"),
        ("p", "大力发展数字经济，推动大数据、云计算与实体经济深度融合。"),
        ("p", "制定数字经济发展三年行动计划，培育数字化转型标杆企业{n}家。"),
        ("p", "建设数字经济产业园二期，引进软件和信息服务企业{n}家。"),
        ("p", "完善数字经济统计监测体系，按季度发布发展指数。"),
        ("p", "支持制造业企业上云用数赋智，做强数字经济新引擎。"),
        ("p", "举办数字经济发展大会，搭建供需对接平台。"),
    ],
    "新质生产力": [
        ("p", "因地制宜发展新质生产力，加快培育新兴产业和未来产业。"),
        ("p", "以科技创新引领新质生产力发展，布局建设{n}个中试平台。"),
        ("r", "围绕新质生产力布局重点项目{n}个，完成投资{v}亿元。"),
        ("p", "设立新质生产力发展基金，首期规模{v}亿元。"),
        ("p", "推动传统产业改造升级，以新质生产力赋能先进制造业。"),
        ("p", "建立新质生产力重点企业培育库，入库企业{n}家。"),
    ],
    "互联网+": [
        ("p", "实施“互联网+”行动，推动互联网与制造业、农业、服务业融合发展。"),
        ("r", "“互联网+政务服务”加快推进，{n}项事项实现网上办理。"),
        ("p", "推广“互联网+医疗健康”，建设市级远程医疗服务平台。"),
        ("r", "“互联网+”农产品出村进城工程覆盖{n}个乡镇。"),
    ],
    "人工智能+": [
        ("p", "开展“人工智能+”行动，在制造、政务、医疗等领域打造应用场景{n}个。"),
        ("p", "支持企业参与“人工智能+”创新应用，建设市级算力调度平台。"),
        ("r", "“人工智能+”首批示范场景在园区投入运行。"),
    ],
    "乡村振兴": [
        ("p", "全面实施乡村振兴战略，推动农业增效、农村美丽、农民富裕。"),
        ("r", "乡村振兴示范村建设扎实推进，{n}个示范村通过验收。"),
        ("p", "设立乡村振兴专项资金{v}亿元，重点支持特色产业和基础设施。"),
        ("p", "选派{n}名干部驻村帮扶，助力乡村振兴。"),
        ("r", "乡村振兴重点项目完成投资{v}亿元。"),
        ("p", "实施乡村振兴人才计划，培训高素质农民{n}人次。"),
        ("p", "推动城乡要素双向流动，为乡村振兴注入更多活力。"),
    ],
    "计划经济": [
        ("r", "破除计划经济时期遗留的体制障碍，完成{n}家老企业改制。"),
        ("p", "继续清理带有计划经济色彩的审批事项，让市场在资源配置中发挥更大作用。"),
        ("r", "原计划经济体制下形成的供销、物资等企业改革基本完成。"),
    ],
    "招商引资": [
        ("r", "招商引资成效明显，全年新签约亿元以上项目{n}个。"),
        ("r", "开展招商引资专题活动{n}次，到位市外资金{v}亿元。"),
        ("p", "坚持把招商引资作为经济工作的生命线，全年引进亿元以上项目{n}个以上。"),
        ("p", "实行招商引资“一把手”负责制，建立重大项目周调度机制。"),
        ("r", "各县区招商引资任务全面完成。"),
        ("p", "创新招商引资方式，开展产业链招商和以商招商。"),
        ("p", "建立招商引资项目落地全程代办制度。"),
    ],
    "高质量发展": [
        ("p", "坚定不移推动高质量发展，加快建设现代化产业体系。"),
        ("r", "高质量发展迈出坚实步伐，单位地区生产总值能耗下降{p}%。"),
        ("p", "以高质量发展为主题，统筹抓好稳增长、调结构、惠民生。"),
        ("p", "完善高质量发展考核评价体系，引导各地各部门比实绩、争先进。"),
        ("r", "全市制造业高质量发展指数位居全省前列。"),
        ("p", "推进开发区高质量发展，亩均税收提高{p}%。"),
        ("p", "以项目建设支撑高质量发展，全年实施重点项目{n}个。"),
        ("r", "高质量发展综合绩效评价获得省级表彰。"),
    ],
    "碳达峰": [
        ("p", "制定本市碳达峰实施方案，有序推进碳中和相关工作。"),
        ("p", "围绕碳达峰、碳中和目标，推动能源结构和产业结构调整。"),
        ("r", "碳达峰、碳中和工作起步良好，新增光伏装机{n}万千瓦。"),
        ("p", "建设近零碳示范园区，积极稳妥推进碳达峰、碳中和。"),
    ],
    "一带一路": [
        ("p", "主动融入“一带一路”建设，支持企业开拓沿线市场。"),
        ("r", "对“一带一路”沿线国家进出口增长{p}%。"),
        ("p", "加密至“一带一路”沿线节点城市的货运班列。"),
    ],
    "供给侧结构性改革": [
        ("p", "深入推进供给侧结构性改革，扎实做好去产能、去库存、去杠杆、降成本、补短板工作。"),
        ("r", "供给侧结构性改革取得积极成效，化解过剩产能{n}万吨。"),
        ("p", "坚持以供给侧结构性改革为主线，提高供给体系质量。"),
    ],
    "营商环境": [
        ("p", "持续优化营商环境，让企业办事更方便、更省心。"),
        ("r", "营商环境评价位居全省第{rank}位。"),
        ("p", "开展营商环境提升年活动，建立企业诉求快速响应机制。"),
        ("r", "出台优化营商环境条例实施细则，开通企业服务专线。"),
        ("p", "以营商环境之优促进市场主体之活。"),
        ("p", "健全营商环境监督员制度，聘请{n}名企业家担任监督员。"),
    ],
    "大众创业": [
        ("p", "推动大众创业、万众创新，建设创业孵化基地{n}个。"),
        ("r", "大众创业、万众创新蓬勃发展，新增市场主体{m}万户。"),
    ],
    "脱贫攻坚": [
        ("p", "坚决打赢脱贫攻坚战，确保贫困人口如期脱贫。"),
        ("r", "脱贫攻坚取得决定性进展，{n}个贫困村出列。"),
        ("r", "脱贫攻坚成果持续巩固，未发生规模性返贫。"),
    ],
    "精准扶贫": [
        ("p", "坚持精准扶贫、精准脱贫，实施产业扶贫项目{n}个。"),
        ("r", "精准扶贫工作扎实有效，减少贫困人口{n}人。"),
        ("p", "建立精准扶贫动态管理台账，做到底数清、措施准。"),
    ],
    "低空经济": [
        ("p", "培育低空经济等新增长点，开通无人机物流配送航线{n}条。"),
        ("p", "编制低空经济发展规划，建设通用机场和起降点。"),
    ],
    "专精特新": [
        ("r", "新增省级专精特新中小企业{n}家。"),
        ("p", "实施专精特新企业培育工程，支持企业在细分领域做精做强。"),
    ],
    "数据要素": [
        ("p", "推动数据要素开发利用，建设城市数据资源平台。"),
        ("p", "开展公共数据授权运营试点，释放数据要素价值。"),
    ],
    "新型城镇化": [
        ("p", "推进以人为核心的新型城镇化，提高城市综合承载能力。"),
        ("r", "新型城镇化试点稳步推进，常住人口城镇化率达到{s}%。"),
    ],
}

# Filler sentences by section (none contains a tracked term).
FILLER = {
    "lead_r": [
        "过去一年，面对复杂多变的外部环境，全市上下齐心协力，较好完成了年初确定的主要目标任务。",
        "全市地区生产总值达到{gdp}亿元，比上年增长{g}%；一般公共预算收入{rev}亿元，增长{g2}%。",
        "城镇居民人均可支配收入{ui}元，农村居民人均可支配收入{ri}元，分别增长{g3}%和{g4}%。",
        "固定资产投资增长{g5}%，社会消费品零售总额增长{g6}%，居民消费价格涨幅控制在{cpi}%以内。",
    ],
    "lead_p": [
        "今年全市经济社会发展的主要预期目标是：地区生产总值增长{tg}%左右，城镇新增就业{jobs}万人，居民收入增长与经济增长基本同步。",
        "做好今年工作，要坚持稳中求进，统筹发展和安全，更加注重{focus}。",
        "我们将把握好节奏和力度，确保各项目标任务落到实处。",
    ],
    "ind_r": [
        "规模以上工业增加值增长{p}%，{n}个重点工业项目建成投产。",
        "装备制造、新材料两大主导产业产值突破{v}亿元。",
        "新认定高新技术企业{n}家，全社会研发经费投入强度达到{rd}%。",
        "示例经济开发区完成扩区调位，新增标准厂房{m}万平方米。",
        "服务业增加值占地区生产总值比重提高到{s}%。",
        "建成市级技术创新平台{n}个，技术合同成交额{v}亿元。",
    ],
    "ind_p": [
        "实施制造业提质增效行动，推动{n}个亿元以上项目开工建设。",
        "支持龙头企业延伸产业链条，培育产值超十亿元企业{n}家。",
        "加快示例科技园二期建设，引进研发机构{n}家。",
        "扩大工业技改投资，完成技术改造项目{n}个。",
        "促进现代服务业提速发展，培育物流、金融、商务等服务业集聚区。",
        "落实研发费用奖补政策，力争全社会研发投入增长{p}%以上。",
    ],
    "ref_r": [
        "完成年度机构职能优化任务，取消和下放行政审批事项{n}项。",
        "政务服务大厅实现“一窗受理”，企业开办时间压缩至{d}个工作日。",
        "国有企业改革稳步推进，整合组建市属国有投资集团。",
        "财政资金直达基层机制运行顺畅，预算绩效管理实现全覆盖。",
    ],
    "ref_p": [
        "深化财税、金融、国资等重点领域改革，激发各类市场主体活力。",
        "推行涉企事项并联审批，工程建设项目审批时间再压缩{p}%。",
        "完善社会信用体系，建立守信激励和失信惩戒机制。",
        "稳妥推进市属国有企业整合重组，提高国有资本配置效率。",
    ],
    "open_r": [
        "进出口总额{v}亿元，增长{p}%；实际利用外资{u}万美元。",
        "示例港物流园开通至沿海港口的铁海联运班列。",
        "与周边城市签署区域合作协议{n}项。",
    ],
    "open_p": [
        "扩大对外贸易规模，支持企业参加境内外重点展会{n}场以上。",
        "加强与周边城市合作，共建产业协作园区。",
        "提升口岸通关效率，推动跨境物流降本增效。",
    ],
    "rur_r": [
        "粮食总产量稳定在{grain}万吨以上，新建高标准农田{m}万亩。",
        "农村公路新改建{n}公里，行政村全部通客车。",
        "培育家庭农场和农民合作社{n}家，新增特色农产品品牌{k}个。",
        "完成农村户厕改造{n}户，农村生活垃圾收运处置体系覆盖所有行政村。",
    ],
    "rur_p": [
        "稳定粮食播种面积，确保粮食产量保持在{grain}万吨以上。",
        "发展特色种养和农产品加工，建设现代农业产业园{k}个。",
        "发展壮大村级集体经济，集体经营性收入十万元以上的村达到{p}%。",
        "改善农村人居环境，建设美丽宜居村庄{n}个。",
    ],
    "urb_r": [
        "实施城市更新项目{n}个，改造老旧小区{k}个。",
        "新建改造城市道路{n}公里，新增停车泊位{m}000个。",
        "完成示例河综合治理一期工程，新建滨河绿道{k}公里。",
    ],
    "urb_p": [
        "完善城市路网，打通断头路{k}条。",
        "推进老旧小区改造，同步完善养老、托育、停车等配套设施。",
        "加强城市精细化管理，开展市容环境综合整治。",
    ],
    "eco_r": [
        "细颗粒物平均浓度下降到每立方米{pm}微克，优良天数比例达到{good}%。",
        "完成造林{k}万亩，森林覆盖率提高到{forest}%。",
        "新建污水管网{n}公里，城市污水处理率达到{good}%。",
    ],
    "eco_p": [
        "深入开展大气、水、土壤污染防治，确保空气质量优良天数比例稳中有升。",
        "推进工业园区循环化改造，提高资源综合利用水平。",
        "落实河湖管护责任，加强饮用水水源地保护。",
    ],
    "soc_r": [
        "全市民生支出占一般公共预算支出的{lp}%。",
        "城镇新增就业{jobs}万人，城镇登记失业率控制在{ur}%以内。",
        "新建、改扩建中小学和幼儿园{k}所，新增学位{n}00个。",
        "新增养老床位{n}张，建成社区养老服务站{k}个。",
    ],
    "soc_p": [
        "新建中小学和幼儿园{k}所，缓解城区学位紧张问题。",
        "提高城乡低保标准，做好困难群众基本生活保障。",
        "推进市人民医院新院区建设，新增床位{n}张。",
        "举办各类招聘活动{n}场，帮助高校毕业生和农民工就业。",
    ],
    "gov": [
        "坚持依法行政，自觉接受人大及其常委会的法律监督和工作监督。",
        "严格落实过紧日子要求，一般性支出压减{p}%。",
        "加强审计监督，持续整治形式主义、官僚主义。",
        "推进政务公开，及时回应群众关切。",
    ],
}

FOCUS = ["扩大有效需求", "稳定市场预期", "提升发展质量", "保障和改善民生", "防范化解风险"]

REVIEW_SECTIONS = [("ind", "产业发展稳中有进"), ("ref", "改革开放持续深化"),
                   ("rur", "城乡面貌明显改善"), ("soc", "民生保障更加有力")]
PLAN_SECTIONS = [("ind", "加快产业转型升级"), ("ref", "深化改革扩大开放"),
                 ("rur", "推进城乡融合发展"), ("eco", "加强生态环境保护"), ("soc", "持续增进民生福祉")]
# which topics' filler and planted sentences each section takes
REVIEW_TOPICS = {"ind": ("ind",), "ref": ("ref", "open"), "rur": ("rur", "urb", "eco"), "soc": ("soc",)}
PLAN_TOPICS = {"ind": ("ind",), "ref": ("ref", "open"), "rur": ("rur", "urb"), "eco": ("eco",), "soc": ("soc",)}
NUM = "一二三四五六七八九十"


def values(rng):
    return {
        "gdp": rng.randrange(900, 2600), "g": round(rng.uniform(4.5, 9.5), 1),
        "rev": rng.randrange(60, 220), "g2": round(rng.uniform(2, 9), 1),
        "ui": rng.randrange(26000, 52000), "ri": rng.randrange(11000, 26000),
        "g3": round(rng.uniform(5, 9), 1), "g4": round(rng.uniform(6, 10), 1),
        "g5": round(rng.uniform(3, 12), 1), "g6": round(rng.uniform(4, 11), 1),
        "cpi": round(rng.uniform(1.5, 3), 1), "tg": rng.choice([5, 5.5, 6, 6.5, 7]),
        "jobs": round(rng.uniform(3, 7), 1), "focus": rng.choice(FOCUS),
        "p": round(rng.uniform(3, 25), 1), "n": rng.randrange(6, 60), "m": rng.randrange(2, 30),
        "k": rng.randrange(3, 20), "v": rng.randrange(50, 600), "s": round(rng.uniform(40, 60), 1),
        "rd": round(rng.uniform(1.6, 2.9), 2), "d": rng.randrange(1, 4), "u": rng.randrange(3000, 90000),
        "grain": rng.randrange(60, 180), "pm": rng.randrange(28, 55), "good": round(rng.uniform(75, 92), 1),
        "forest": round(rng.uniform(30, 45), 1), "lp": round(rng.uniform(75, 82), 1),
        "ur": round(rng.uniform(3, 4.5), 1), "rank": rng.randrange(2, 9),
        "ds": round(rng.uniform(6, 15), 1),
    }


def fill(rng, template):
    return template.format(**values(rng))


def planted_for(region, year, rng):
    """{section_topic: {'r': [...], 'p': [...]}} of planted sentences for one report."""
    out = {}
    for term, years in SCHEDULE[region].items():
        count = years.get(year, 0)
        if not count:
            continue
        pool = PLANTED[term][:]
        rng.shuffle(pool)
        reviews = [t for k, t in pool if k == "r"]
        plans = [t for k, t in pool if k == "p"]
        n_review = min(len(reviews), count // 3 if count > 1 else 0)
        chosen = [("r", t) for t in reviews[:n_review]]
        rest = plans + reviews[n_review:]
        i = 0
        while len(chosen) < count:
            t = rest[i % len(rest)]
            chosen.append(("p" if t in plans else "r", t))
            i += 1
        topic = TOPIC[term]
        for kind, t in chosen:
            out.setdefault(topic, {}).setdefault(kind, []).append(fill(rng, t))
    return out


def build_report(region, year):
    """Return (title, body_lines) for one report; body starts after the title line."""
    rng = random.Random("%s:%s:%d" % (SEED, region, year))
    title = "%s%d年政府工作报告(合成示例数据)" % (region, year)
    planted = planted_for(region, year, rng)
    unit = "市" if region.endswith("市") else "县"
    session = year - 2000
    lines = [
        "——%d年1月%d日在%s第%s届人民代表大会第%s次会议上" % (
            year, rng.randrange(8, 28), region, NUM[(session // 5) % 10], NUM[session % 5]),
        "%s人民政府%s长" % (region, unit),
        "各位代表：",
        "下面，我受%s人民政府委托，向大会作工作报告，请各位代表审议。" % unit,
    ]

    def section(kind, topics, heading, n_filler):
        pool = []
        for t in topics:
            pool += FILLER["%s_%s" % (t, kind)]
        rng.shuffle(pool)
        sents = [fill(rng, t) for t in pool[:n_filler]]
        for t in topics:
            for s in planted.get(t, {}).get(kind, []):
                sents.insert(rng.randrange(0, len(sents) + 1), s)
        return heading + "".join(sents)

    # 一、review of last year
    lines.append("一、%d年工作回顾" % (year - 1))
    lead = [fill(rng, t) for t in FILLER["lead_r"]]
    for s in planted.get("lead", {}).get("r", []):
        lead.insert(rng.randrange(1, len(lead) + 1), s)
    lines.append("".join(lead))
    for i, (topic, name) in enumerate(REVIEW_SECTIONS):
        lines.append(section("r", REVIEW_TOPICS[topic], "(%s)%s。" % (NUM[i], name), rng.randrange(3, 5)))
    # 二、plan for this year
    lines.append("二、%d年工作安排" % year)
    lead = [fill(rng, t) for t in FILLER["lead_p"]]
    for s in planted.get("lead", {}).get("p", []):
        lead.insert(rng.randrange(1, len(lead) + 1), s)
    lines.append("".join(lead))
    for i, (topic, name) in enumerate(PLAN_SECTIONS):
        lines.append(section("p", PLAN_TOPICS[topic], "(%s)%s。" % (NUM[i], name), rng.randrange(3, 5)))
    lines.append("三、加强政府自身建设")
    gov = FILLER["gov"][:]
    rng.shuffle(gov)
    lines.append("".join(fill(rng, t) for t in gov[:3]))
    lines.append("各位代表！新的一年任务艰巨、使命光荣。让我们团结一心、苦干实干，为建设更加美好的%s而努力奋斗！" % region)
    if region == COUNTY:
        lines = [localise_county(ln) for ln in lines]
    return title, lines


COUNTY_WORDS = [("各县区", "各乡镇"), ("全市", "全县"), ("市级", "县级"), ("市属", "县属"),
                ("市人民医院", "县人民医院"), ("市外", "县外"), ("本市", "本县"), ("示例", "样例")]


def localise_county(line):
    """The filler speaks of a city; make it speak of a county (no tracked term is touched)."""
    for a, b in COUNTY_WORDS:
        line = line.replace(a, b)
    return line


def report_text(title, lines, fullwidth_paren=False, md=False):
    out = []
    for ln in lines:
        if fullwidth_paren and ln.startswith("(") and ")" in ln[:4]:
            ln = "（" + ln[1:].replace(")", "）", 1)
        if md:
            if ln[:2] in ("一、", "二、", "三、"):
                ln = "## " + ln
            elif ln.startswith("（") or ln.startswith("("):
                head, _, rest = ln.partition("。")
                ln = "### " + head + "\n\n" + rest
        out.append(ln)
    head = ("# " + title) if md else title
    sep = "\n\n" if md else "\n"
    return head + sep + sep.join(out) + "\n"


CHROME = ["下载", "打印", "全屏", "收藏", "【字号：", "加大", "还原", "减小", "】"]


def planned_files():
    """Return {filename: bytes}."""
    files = {}
    texts = {}  # (region, year) -> normalised text, for the checks

    rep = build_report

    # .txt, one report per file, year in the file name
    for year, enc in [(2012, "utf-8"), (2013, "utf-8"), (2014, "gb18030"), (2015, "utf-16"), (2016, "utf-8")]:
        title, lines = rep(CITY, year)
        if year == 2016:
            # write 互联网+ once with a full-width plus, as the 2021 national report does
            for i, ln in enumerate(lines):
                if "互联网+" in ln:
                    lines[i] = ln.replace("互联网+", "互联网＋", 1)
                    break
        text = report_text(title, lines)
        texts[(CITY, year)] = text
        name = "synthetic_%d_%s.txt" % (year, CITY)
        if enc == "utf-16":
            files[name] = b"\xff\xfe" + text.encode("utf-16-le")
        elif enc == "gb18030":
            files[name] = text.replace("\n", "\r\n").encode("gb18030")
        else:
            files[name] = text.encode("utf-8")
    title, lines = rep(COUNTY, 2023)
    text = report_text(title, lines)
    texts[(COUNTY, 2023)] = text
    files["synthetic_2023_%s.txt" % COUNTY] = text.encode("utf-8")

    # .md, one report per file, full-width （一） sub-headings as in the national corpus
    for year in (2017, 2018):
        title, lines = rep(CITY, year)
        text = report_text(title, lines, fullwidth_paren=True, md=True)
        texts[(CITY, year)] = text
        files["synthetic_%d_%s.md" % (year, CITY)] = text.encode("utf-8")

    # .csv, UTF-8 with BOM, quoted full_text with embedded newlines
    def csv_bytes(rows):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["region", "year", "title", "publish_date", "full_text"])
        w.writerows(rows)
        return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")

    rows = []
    for year, date, chrome in [(2019, "2019-02-01", True), (2021, "2021-01-29", False)]:
        title, lines = rep(CITY, year)
        body = report_text(title, lines)
        if chrome:
            head = CHROME + [title, lines[0], "来源：示例日报", "时间：%s" % date, lines[1],
                             "会议现场。示例日报记者 摄"]
            body = "\n".join(head + lines[2:]) + "\n"
        texts[(CITY, year)] = body
        rows.append([CITY, str(year), title, date, body])
    files["synthetic_%s_2019_2021.csv" % CITY] = csv_bytes(rows)
    rows = []
    for year, date in [(2016, "2016-01-22"), (2019, "2019-01-25")]:
        title, lines = rep(COUNTY, year)
        body = report_text(title, lines)
        texts[(COUNTY, year)] = body
        rows.append([COUNTY, str(year), title, date, body])
    files["synthetic_%s_2016_2019.csv" % COUNTY] = csv_bytes(rows)

    # .jsonl, one report per line; the content field has no title line (like the national corpus)
    out = []
    for region, year in [(CITY, 2022), (CITY, 2023), (CITY, 2024), (CITY, 2025), (COUNTY, 2025)]:
        title, lines = rep(region, year)
        content = "\n".join(lines) + "\n"
        texts[(region, year)] = content
        out.append(json.dumps({"title": title, "year": str(year), "region": region, "content": content},
                              ensure_ascii=False))
    resolution = ("%s人民代表大会关于政府工作报告的决议(合成示例数据)" % CITY,
                  "本次会议审议了市人民政府工作报告，认为报告总结工作实事求是，部署任务切实可行，"
                  "表示同意并予以批准。会议要求市人民政府认真落实各项安排，"
                  "定期向市人大常委会报告进展。\n")
    out.append(json.dumps({"title": resolution[0], "year": None, "region": CITY, "content": resolution[1]},
                          ensure_ascii=False))
    files["synthetic_reports_2022-2025.jsonl"] = ("\n".join(out) + "\n").encode("utf-8")
    return files, texts


def counts(texts):
    table = {}
    for key, text in texts.items():
        norm = unicodedata.normalize("NFKC", text)
        table[key] = {t: norm.count(t) for t in TRACKED}
    return table


def check(texts):
    problems = []
    table = counts(texts)
    for (region, year), row in table.items():
        n = len(texts[(region, year)])
        if not 1500 <= n <= 4000:
            problems.append("%s %d: %d characters" % (region, year, n))
        for term in TRACKED:
            want = SCHEDULE[region].get(term, {}).get(year, 0)
            for main, comp in COMPANION.items():
                if term == comp:
                    want = SCHEDULE[region].get(main, {}).get(year, 0)
            if row[term] != want:
                problems.append("%s %d %s: %d, planted %d" % (region, year, term, row[term], want))
    return problems, table


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    ap.add_argument("--table", action="store_true", help="print the planted counts as a Markdown table")
    args = ap.parse_args()
    files, texts = planned_files()
    problems, table = check(texts)
    if problems:
        for p in problems:
            print("problem: " + p, file=sys.stderr)
        return 1
    if args.table:
        terms = [t for t in TRACKED]
        for region in (CITY, COUNTY):
            years = sorted(y for r, y in table if r == region)
            print("\n%s\n" % region)
            print("| term | " + " | ".join(str(y) for y in years) + " |")
            print("|---|" + "---|" * len(years))
            for t in terms:
                row = [table[(region, y)][t] for y in years]
                if any(row):
                    print("| %s | " % t + " | ".join(str(x) if x else "·" for x in row) + " |")
        print()
        for (region, year), text in sorted(texts.items()):
            print("%s %d: %d characters" % (region, year, len(text)))
        return 0
    if args.check:
        bad = [n for n, b in files.items()
               if not os.path.exists(os.path.join(args.out, n)) or open(os.path.join(args.out, n), "rb").read() != b]
        if bad:
            print("differs from a fresh generation: " + ", ".join(sorted(bad)), file=sys.stderr)
            return 1
        print("%d files match a fresh generation" % len(files))
        return 0
    os.makedirs(args.out, exist_ok=True)
    for name, data in sorted(files.items()):
        with open(os.path.join(args.out, name), "wb") as fh:
            fh.write(data)
        print("wrote %s (%d bytes)" % (name, len(data)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
