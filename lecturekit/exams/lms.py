"""Exports for learning-management systems: Moodle XML, QTI 1.2 (Canvas) and GIFT.

Like R/exams, each position on the paper becomes a pool: the versions' questions at
that position are its variants, and the LMS draws one per student. Math stays as
TeX (\\( \\) and \\[ \\]) for the LMS's own renderer.
"""
import io
import zipfile
import xml.etree.ElementTree as ET
from fractions import Fraction

MOODLE_TYPES = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse",
                "numeric": "numerical", "short": "shortanswer", "essay": "essay"}
QTI_TYPES = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
             "truefalse": "true_false_question", "numeric": "numerical_question",
             "short": "short_answer_question", "essay": "essay_question"}


def plain_number(x):
    """An answer as LMS importers parse it: no exponent, no thousands separator."""
    x = float(x)
    return str(int(x)) if x.is_integer() else repr(x)


def pools(versions):
    """[(position, [(version, slot), ...]), ...]: the variants of each question position."""
    return [(i + 1, [(v, v.slots[i]) for v in versions]) for i in range(len(versions[0].slots))]


def _html(math, text):
    return str(math.markdown(text, tex=True)) if text else ""


def _choices(slot):
    return [slot.question.choices[i] for i in slot.order]


def _moodle_fraction(n):
    """Moodle accepts only certain grade fractions; 1/n written to 5 decimals matches them."""
    return f"{100 / n:.5f}".rstrip("0").rstrip(".")


def _feedback(parent, tag, html):
    fb = ET.SubElement(parent, tag, format="html")
    ET.SubElement(fb, "text").text = html


def moodle_xml(paper, versions, math, course):
    quiz = ET.Element("quiz")
    for position, variants in pools(versions):
        cat = ET.SubElement(quiz, "question", type="category")
        ET.SubElement(ET.SubElement(cat, "category"), "text").text = f"$course$/{course}/{paper.name}/Q{position:02d}"
        for version, slot in variants:
            q = slot.question
            el = ET.SubElement(quiz, "question", type=MOODLE_TYPES[q.type])
            ET.SubElement(ET.SubElement(el, "name"), "text").text = f"{paper.name} Q{position:02d} v{version.code} {q.id}"
            _feedback(el, "questiontext", _html(math, q.stem))
            explanation = _html(math, q.explanation) + _html(math, q.solution)
            _feedback(el, "generalfeedback", explanation)
            ET.SubElement(el, "defaultgrade").text = f"{slot.points:g}"
            ET.SubElement(el, "penalty").text = "0"
            ET.SubElement(el, "hidden").text = "0"
            ET.SubElement(el, "idnumber").text = f"{paper.name}-{version.code}-{position:02d}"
            if q.type in ("single", "multiple"):
                ET.SubElement(el, "single").text = "true" if q.type == "single" else "false"
                ET.SubElement(el, "shuffleanswers").text = "false"   # already in this version's order
                ET.SubElement(el, "answernumbering").text = "ABCD"
                n_right = sum(c.correct for c in q.choices)
                n_wrong = len(q.choices) - n_right
                for c in _choices(slot):
                    if c.correct:
                        fraction = "100" if q.type == "single" else _moodle_fraction(n_right)
                    else:
                        fraction = "0" if q.type == "single" else "-" + _moodle_fraction(n_wrong)
                    a = ET.SubElement(el, "answer", fraction=fraction, format="html")
                    ET.SubElement(a, "text").text = str(math.markdown(c.text, inline=True, tex=True))
                    _feedback(a, "feedback", c.why if c.why and not c.correct else "")
            elif q.type == "truefalse":
                for value in (True, False):
                    a = ET.SubElement(el, "answer", fraction="100" if q.answer is value else "0")
                    ET.SubElement(a, "text").text = "true" if value else "false"
                    _feedback(a, "feedback", "")
            elif q.type == "numeric":
                a = ET.SubElement(el, "answer", fraction="100")
                ET.SubElement(a, "text").text = plain_number(q.answer)
                ET.SubElement(a, "tolerance").text = plain_number(q.tolerance)
                _feedback(a, "feedback", "")
                ET.SubElement(el, "unitgradingtype").text = "0"
                ET.SubElement(el, "showunits").text = "3"   # no unit input; the unit is in the question text
            elif q.type == "short":
                ET.SubElement(el, "usecase").text = "0"
                for accepted in q.answer:
                    a = ET.SubElement(el, "answer", fraction="100")
                    ET.SubElement(a, "text").text = accepted
                    _feedback(a, "feedback", "")
            elif q.type == "essay":
                ET.SubElement(el, "responseformat").text = "editor"
                ET.SubElement(el, "responserequired").text = "1"
                ET.SubElement(el, "responsefieldlines").text = "15"
                rubric = "".join(f"<li>{pts:g} pt: {math.markdown(c, inline=True, tex=True)}</li>" for pts, c in q.rubric)
                _feedback(el, "graderinfo", f"<ul>{rubric}</ul>" + _html(math, q.sample_answer))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


# --- QTI 1.2, as Canvas imports it ---------------------------------------------

def _meta(item, fields):
    q = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields:
        f = ET.SubElement(q, "qtimetadatafield")
        ET.SubElement(f, "fieldlabel").text = label
        ET.SubElement(f, "fieldentry").text = entry


def _material(parent, html):
    ET.SubElement(ET.SubElement(parent, "material"), "mattext", texttype="text/html").text = html


def _qti_item(section, ident, title, slot, math):
    q = slot.question
    item = ET.SubElement(section, "item", ident=ident, title=title)
    _meta(item, [("question_type", QTI_TYPES[q.type]), ("points_possible", f"{slot.points:g}")])
    pres = ET.SubElement(item, "presentation")
    _material(pres, _html(math, q.stem))
    proc = ET.SubElement(item, "resprocessing")
    ET.SubElement(ET.SubElement(proc, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    if q.choices:
        card = "Multiple" if q.type == "multiple" else "Single"
        lid = ET.SubElement(pres, "response_lid", ident="response1", rcardinality=card)
        render = ET.SubElement(lid, "render_choice")
        choices = _choices(slot) if q.type != "truefalse" else q.choices
        for j, c in enumerate(choices):
            label = ET.SubElement(render, "response_label", ident=f"{ident}_{j}")
            _material(label, str(math.markdown(c.text, inline=True, tex=True)))
        cond = ET.SubElement(proc, "respcondition", attrib={"continue": "No"})
        var = ET.SubElement(cond, "conditionvar")
        if q.type == "multiple":
            var = ET.SubElement(var, "and")
            for j, c in enumerate(choices):
                target = var if c.correct else ET.SubElement(var, "not")
                ET.SubElement(target, "varequal", respident="response1").text = f"{ident}_{j}"
        else:
            j = next(j for j, c in enumerate(choices) if c.correct)
            ET.SubElement(var, "varequal", respident="response1").text = f"{ident}_{j}"
        ET.SubElement(cond, "setvar", action="Set", varname="SCORE").text = "100"
    elif q.type in ("numeric", "short", "essay"):
        fib = ET.SubElement(ET.SubElement(pres, "response_str", ident="response1", rcardinality="Single"), "render_fib",
                            **({"fibtype": "Decimal"} if q.type == "numeric" else {}))
        ET.SubElement(fib, "response_label", ident="answer1", **({"rshuffle": "No"} if q.type != "numeric" else {}))
        if q.type == "numeric":
            cond = ET.SubElement(proc, "respcondition", attrib={"continue": "No"})
            var = ET.SubElement(cond, "conditionvar")
            between = ET.SubElement(var, "or")
            ET.SubElement(between, "varequal", respident="response1").text = plain_number(q.answer)
            both = ET.SubElement(between, "and")
            ET.SubElement(both, "vargte", respident="response1").text = plain_number(q.answer - q.tolerance)
            ET.SubElement(both, "varlte", respident="response1").text = plain_number(q.answer + q.tolerance)
            ET.SubElement(cond, "setvar", action="Set", varname="SCORE").text = "100"
        elif q.type == "short":
            cond = ET.SubElement(proc, "respcondition", attrib={"continue": "No"})
            var = ET.SubElement(cond, "conditionvar")
            for accepted in q.answer:
                ET.SubElement(var, "varequal", respident="response1").text = accepted
            ET.SubElement(cond, "setvar", action="Set", varname="SCORE").text = "100"
        else:
            ET.SubElement(ET.SubElement(proc, "respcondition", attrib={"continue": "No"}), "conditionvar").append(ET.Element("other"))
    fb = ET.SubElement(item, "itemfeedback", ident="general_fb")
    ET.SubElement(ET.SubElement(fb, "flow_mat"), "material").append(_mattext(_html(math, q.explanation) + _html(math, q.solution)))
    return item


def _mattext(html):
    el = ET.Element("mattext", texttype="text/html")
    el.text = html
    return el


def qti_zip(paper, versions, math, course):
    """A Canvas-importable QTI 1.2 zip: one quiz, one question group per position (1 variant drawn each)."""
    ident = f"{paper.name}_quiz"
    root = ET.Element("questestinterop", xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2")
    assessment = ET.SubElement(root, "assessment", ident=ident, title=f"{course}: {paper.title}")
    _meta(assessment, [("cc_maxattempts", "1")])
    top = ET.SubElement(assessment, "section", ident="root_section")
    for position, variants in pools(versions):
        group = ET.SubElement(top, "section", ident=f"{ident}_g{position:02d}", title=f"Question {position}")
        sel = ET.SubElement(ET.SubElement(group, "selection_ordering"), "selection")
        ET.SubElement(sel, "selection_number").text = "1"
        ET.SubElement(ET.SubElement(sel, "selection_extension"), "points_per_item").text = f"{variants[0][1].points:g}"
        for version, slot in variants:
            _qti_item(group, f"{ident}_q{position:02d}_v{version.number:03d}", f"Q{position} v{version.code}", slot, math)
    ET.indent(root)
    quiz_xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
    manifest = ET.Element("manifest", identifier=f"{ident}_manifest",
                          xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1")
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    resource = ET.SubElement(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
    ET.SubElement(resource, "file", href=f"{ident}/{ident}.xml")
    ET.indent(manifest)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("imsmanifest.xml", '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(manifest, encoding="unicode"))
        z.writestr(f"{ident}/{ident}.xml", quiz_xml)
    return buf.getvalue()


# --- GIFT ----------------------------------------------------------------------

def gift_escape(text):
    for ch in "\\~=#{}:":
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())


def _gift_percent(n):
    return f"{float(Fraction(100, n)):.5f}".rstrip("0").rstrip(".")


def gift(paper, versions, math, course):
    out = []
    for position, variants in pools(versions):
        out.append(f"$CATEGORY: $course$/{course}/{paper.name}/Q{position:02d}\n")
        for version, slot in variants:
            q = slot.question
            stem = gift_escape(_html(math, q.stem))
            feedback = gift_escape(_html(math, q.explanation) + _html(math, q.solution))
            name = gift_escape(f"{paper.name} Q{position:02d} v{version.code} {q.id}")
            if q.type in ("single", "multiple"):
                n_right = sum(c.correct for c in q.choices)
                n_wrong = len(q.choices) - n_right
                lines = []
                for c in _choices(slot):
                    text = gift_escape(str(math.markdown(c.text, inline=True, tex=True)))
                    if q.type == "single":
                        lines.append(("=" if c.correct else "~") + text)
                    else:
                        pct = _gift_percent(n_right) if c.correct else "-" + _gift_percent(n_wrong)
                        lines.append(f"~%{pct}%{text}")
                body = "\n  ".join(lines)
                answer = f"{{\n  {body}\n  ####{feedback}\n}}"
            elif q.type == "truefalse":
                answer = f"{{{'T' if q.answer else 'F'}####{feedback}}}"
            elif q.type == "numeric":
                answer = f"{{#{plain_number(q.answer)}:{plain_number(q.tolerance)}####{feedback}}}"
            elif q.type == "short":
                accepted = " ".join("=" + gift_escape(a) for a in q.answer)
                answer = f"{{{accepted}####{feedback}}}"
            else:
                answer = f"{{####{feedback}}}"
            out.append(f"// points: {slot.points:g}\n::{name}::[html]{stem}\n{answer}\n")
    return "\n".join(out)
