#!/usr/bin/env python3
"""Write seed inputs for the fuzz targets into fuzz/corpus/<target>/.

Seeds are small files of every shape the loader reads, written here (never
text of the real corpora): text in UTF-8/GBK/UTF-16, JSON Lines, CSV with a
broken quote, HTML pages and fragments, .docx/.odt/.xlsx/.ods/.zip
containers, the project's PDF fixtures, report heads and chrome lines.
The first byte of a seed for text_formats and containers picks the format
(see the targets). Needs openpyxl (pip install openpyxl).
"""
import io
import json
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BODY = ("各位代表：\n现在，我代表区人民政府向大会报告工作，请予审议。\n"
        "一、2015年工作回顾\n加快发展数字经济，推进乡村振兴。\n"
        "二、2016年主要任务\n推动高质量发展，为建设美好家园而努力奋斗！\n")
HEAD = ("政 府 工 作 报 告\n——2016年2月19日在示例区第十四届人民代表大会第五次会议上\n"
        "示例区人民政府区长　某某某\n")
KV = ("标题：2015年示例区政府工作报告\n发文单位：示例区人民政府\n发文时间：2015-04-21\n"
      "报告人：未知\n来源URL：http://example.gov.cn/a.html\n正文：\n")
PAGE = ("<!DOCTYPE html><html><head><meta charset=\"gb2312\"><title>2016年示例区政府工作报告_示例区人民政府网</title>"
        "<script>var a=1;</script></head><body><div class=\"nav\"><a href=\"/\">首页</a></div>"
        "<div class=\"article-content\"><h1>2016年示例区政府工作报告</h1>"
        + "".join(f"<p>{l}</p>" for l in BODY.splitlines())
        + "<table><tr><td>指标</td><td>目标</td></tr></table></div><div class=\"footer\">版权所有 ICP备00000000号</div></body></html>")
FRAGMENT = "['<div class=\"c\"><h4>各位代表：</h4>" + "".join(f"<p>{l}</p>" for l in BODY.splitlines()) + "</div>']"


def put(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def zipped(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


def docx():
    ps = "".join(f"<w:p><w:r><w:t>{l}</w:t></w:r></w:p>" for l in (HEAD + BODY).splitlines())
    doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f'<w:body>{ps}<w:tbl><w:tr><w:tc><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>')
    core = ('<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>2016年示例区政府工作报告</dc:title>'
            '<dcterms:created>2016-02-19T08:00:00Z</dcterms:created></cp:coreProperties>')
    return zipped([("[Content_Types].xml", "<Types/>"), ("word/document.xml", doc), ("docProps/core.xml", core)])


def odt():
    ps = "".join(f"<text:p>{l}</text:p>" for l in BODY.splitlines())
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               f'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>{ps}</office:text></office:body></office:document-content>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    return buf.getvalue()


def xlsx():
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([None, "年份", "地区等级", "地区", "报告全文", "省份"])
    ws.append([0, 2015.0, "地级市", "甲市", "\ufeff" + BODY + "来自马克数据网", "示例省"])
    ws.append([1, 2016, "地级市", "乙市", BODY, "示例省"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def mht(page):
    """A page saved as one file by Internet Explorer: GBK in quoted-printable."""
    import quopri
    qp = quopri.encodestring(page.encode("gbk", errors="replace")).decode("ascii")
    b = "----=_NextPart_000_0000_01D4D2F1.2B3A5C40"
    return (f"From: <Saved by Windows Internet Explorer 8>\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"{b}\"\r\n\r\n"
            f"--{b}\r\nContent-Type: text/html;\r\n\tcharset=\"gb2312\"\r\n"
            f"Content-Transfer-Encoding: quoted-printable\r\n\r\n{qp}\r\n\r\n"
            f"--{b}\r\nContent-Type: image/gif\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            f"R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==\r\n\r\n--{b}--\r\n")


def main():
    text = [HEAD + BODY, KV + BODY, PAGE, FRAGMENT,
            '{"year":2015,"正文":"' + BODY.replace("\n", "\\n") + '"}\n{"year":2016,"正文":12345}\n',
            ",年份,地区,报告全文\n0,2015,甲市,\"" + BODY + "\"\n1,2016,乙市,\"未闭合\n2,2017,丙市,\"x\"\n",
            '{"data": {"list": [{"year": 2015, "正文": "' + BODY.replace("\n", "\\n") + '"}, 7, {"year": "2016年", "正文": "乙"}]}}',
            # Front matter (YAML, TOML) and a tab-separated table saved as text.
            "---\ntitle: '示例市2015年政府工作报告'\ndate: 2015-01-20\ntags: [a, {b: c}]\n---\n\n# 报告\n\n" + BODY,
            "+++\ntitle = \"报告\"\ndate = 2016-02-01T10:00:00Z\n+++\n" + BODY,
            "年份\t地区\t正文\r\n2015\t甲市\t\"" + BODY + "\"\r\n2016\t乙市\n",
            # Markdown: emphasis, links, images, lists, a table, a quote.
            "# 示例市2015年政府工作报告\n\n![](a.jpg)\n\n**各位代表!**让我们[奋斗](http://x)。\n\n1. 一\n2. 二\n\n- 甲\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> " + BODY]
    for i, t in enumerate(text):
        for fmt in range(6):
            put("text_formats", f"seed{i}_{fmt}", bytes([fmt]) + t.encode("utf-8"))
    put("text_formats", "seed_mht", bytes([6]) + mht(PAGE).encode("ascii"))
    for i, t in enumerate(text):
        put("text_formats", f"seed{i}_gbk", bytes([0]) + t.encode("gbk", errors="replace"))
        put("decode", f"seed{i}_utf8", t.encode("utf-8"))
        put("decode", f"seed{i}_gbk", t.encode("gbk", errors="replace"))
        put("decode", f"seed{i}_utf16", b"\xff\xfe" + t.encode("utf-16-le"))
        put("clean", f"seed{i}", t)
        put("metadata", f"seed{i}", t)
    containers = [docx(), odt(), xlsx(), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), None,
                  zipped([("报告/2016.txt", HEAD + BODY), ("报告/page.html", PAGE), ("inner.zip", zipped([("a.txt", BODY)]))])]
    for pick, data in enumerate(containers):
        if data is not None:
            put("containers", f"seed{pick}", bytes([pick]) + data)
    # Saved pages in a zip: a page saved one file per page, and a complete
    # page's resource folder.
    pages = zipped([("2016/t1.html", PAGE), ("2016/t1_1.html", PAGE.replace("各位代表", "第二页")),
                    ("2016/t1_2.html", PAGE), ("2016/t1_files/frame.htm", "<html><body>x</body></html>")])
    put("containers", "seed_pages", bytes([5]) + pages)
    # "Excel" downloads that are an HTML table or tab-separated text.
    table = "<html><body><table><tr><th>年份</th><th>地区</th><th>正文</th></tr><tr><td>2015</td><td>甲市</td><td>" + BODY.replace("\n", "<br>") + "</td></tr></table></body></html>"
    put("containers", "seed_html_xls", bytes([3]) + table.encode("utf-8"))
    put("containers", "seed_tsv_xls", bytes([3]) + ("年份\t地区\t正文\n2015\t甲市\t" + BODY.replace("\n", " ") + "\n").encode("gbk", errors="replace"))
    put("text_formats", "seed_table_page", bytes([4]) + table.encode("utf-8"))
    # pandas' to_json: orient columns (the default), index and split.
    body = json.dumps(BODY, ensure_ascii=False)
    for name, frame in [("columns", '{"year":{"0":2015,"1":2016},"text":{"0":' + body + ',"1":null}}'),
                        ("index", '{"0":{"year":2015,"text":' + body + '},"10":{"year":"x","text":7}}'),
                        ("split", '{"columns":["year","text"],"index":[0],"data":[[2015,' + body + '],[1]]}')]:
        put("text_formats", f"seed_pandas_{name}", bytes([5]) + frame.encode("utf-8"))
    with open(os.path.join(ROOT, "tests", "fixtures", "doc", "report.doc"), "rb") as fh:
        put("containers", "seed_doc", bytes([6]) + fh.read())
    # A pandas-style Parquet table (when pyarrow is installed).
    try:
        import io
        import pyarrow as pa
        import pyarrow.parquet as pq
        buf = io.BytesIO()
        pq.write_table(pa.table({"年份": [2015.0, None], "地区": ["甲市", "乙市"], "报告全文": [BODY, None],
                                 "__index_level_0__": [3, 4]}), buf)
        put("containers", "seed_parquet", bytes([7]) + buf.getvalue())
    except ImportError:
        pass
    # Paged text (pdftotext): form feeds, running headers, page numbers.
    paged = "\f".join(f"示例市人民政府\n{BODY}\n- {n} -" for n in range(1, 5))
    put("clean", "seed_paged", paged)
    put("text_formats", "seed_paged", bytes([0]) + paged.encode("utf-8"))
    pdfs = os.path.join(ROOT, "tests", "fixtures", "pdf")
    for f in sorted(os.listdir(pdfs)):
        if f.endswith(".pdf"):
            with open(os.path.join(pdfs, f), "rb") as fh:
                put("pdf", f, fh.read())
    for i, line in enumerate(["——二〇二三年一月四日在示例市第九届人民代表大会第二次会议上",
                              "(2010年1月8日在市十五届人大五次会议上)", "2014-01（在县第三届人民代表大会第二次会议上）",
                              "(辽宁省)示例市人民政府工作报告(2023年1月4日)", "长者模式 | 繁體中文 | EN | 无障碍",
                              "2013-01-18 10：54：40 来源：市人民政府办公室", "（来 自 马 克 数 据 网）", "- 20 -"]):
        put("metadata", f"line{i}", line)
        put("clean", f"line{i}", line + "\n" + BODY)
    # A table of contents without page numbers, its entries opened again
    # as headings (the `drops_listing` rule option).
    put("clean", "seed_toc_listing", "目录\n一、过去一年工作回顾\n\n二、今年主要任务\n" + HEAD
        + "一、过去一年工作回顾\n" + BODY + "\n二、今年主要任务\n" + BODY)
    # A key–value header whose 发布时间 (the publication date) yields to the
    # dateline, in another year.
    put("metadata", "seed_kv_published", "标题：示例区政府工作报告\n发布时间：2019-05-06\n正文：\n" + HEAD + BODY)
    put("text_formats", "seed_published_csv", bytes([3]) + ("region,publish_date,text\n甲市,2019-05-06,\""
        + (HEAD + BODY).replace('"', '""') + "\"\n").encode("utf-8"))
    # The shapes of 2026-12-04 and -05: UTF-8 and GBK lines in one file,
    # a few NULs in UTF-8, a page's information table on one line, a news
    # story about a report, an official document's head and foot, a
    # renamed place, a JSON Lines record without its text field.
    mixed = ("2016年示例县政府工作报告\n".encode("utf-8") + HEAD.encode("gbk")
             + BODY.encode("utf-8"))
    put("text_formats", "seed_mixed_utf8_gbk", bytes([0]) + mixed)
    put("decode", "seed_mixed_utf8_gbk", mixed)
    put("text_formats", "seed_nuls", bytes([0]) + (HEAD + BODY).replace("\n", "\x00\n", 2).encode("utf-8"))
    put("text_formats", "seed_info_table", bytes([0]) + ("索引号:000/2021-00001 发布机构:示例县人民政府 生成日期:2021-01-20\n"
        "名称:2021年示例县政府工作报告 文号: 主题分类:政府工作报告\n关键词:数字经济\n" + HEAD + BODY).encode("utf-8"))
    put("text_formats", "seed_news", bytes([0]) + ("示例县县长某某作政府工作报告\n"
        "1月9日上午，示例县第十八届人民代表大会第二次会议隆重开幕。记者 某某\n"
        "报告指出，过去一年全县发展数字经济。\n").encode("utf-8"))
    put("text_formats", "seed_official_document", bytes([0]) + ("示例县人民政府文件\n示政〔2021〕3号\n"
        + HEAD + BODY + "（此件公开发布）\n抄送：县委办公室\n示例县人民政府办公室 2021年1月20日印发\n").encode("utf-8"))
    put("text_formats", "seed_renamed", bytes([0]) + HEAD.replace("示例区", "会理县").encode("utf-8") + BODY.encode("utf-8"))
    put("text_formats", "seed_jsonl_missing_text", bytes([2]) + (json.dumps({"year": 2016, "text": HEAD + BODY}, ensure_ascii=False)
        + "\n" + json.dumps({"year": 2017, "txet": BODY}, ensure_ascii=False) + "\n").encode("utf-8"))
    put("metadata", "seed_title_official", "曲靖市市长某某作政府工作报告\n" + BODY)


if __name__ == "__main__":
    main()
