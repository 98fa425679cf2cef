//! Word files (DOCX) laid out as Hướng dẫn 36-HD/VPTW lays out a party document: the header
//! "ĐẢNG CỘNG SẢN VIỆT NAM" top right, underlined; the superior and the issuing body top left with
//! the number and sign below them; the place and date in italics; the type and the subject; the
//! body; the signing authority; the recipients (rules 32–33 of the rules file). Times New Roman,
//! A4, the sizes of Appendix 3: 15 for the header and the type of a short document, 14 for the
//! bodies and the text, 16 for the type, 12 for the recipients.
//!
//! Every text written into the file passes through one escaping function, so a title or a name
//! can never break the document's XML.

use std::fmt::Write as _;
use std::io::{Cursor, Write};

/// The media type of a Word file.
pub const MEDIA_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A block of a document's body.
#[derive(Clone, Debug)]
pub enum Block {
    /// A paragraph of body text, justified with a first-line indent.
    Para(String),
    /// A section heading in bold.
    Heading(String),
    /// A table of figures: headers, then rows; numbers are right-aligned.
    Table { headers: Vec<String>, rows: Vec<Vec<String>> },
}

/// A party document to write.
#[derive(Clone, Debug, Default)]
pub struct Letter {
    /// The name of the superior body, printed upper case (none for the Central Committee).
    pub superior: Option<String>,
    /// The issuing body, printed upper case in bold.
    pub issuer: String,
    /// "Số 06-CTr/HU"; a draft has "Số    -CTr/HU".
    pub number: String,
    /// "Hà Tĩnh, ngày 03 tháng 7 năm 2019".
    pub place_date: String,
    /// The type printed as a heading ("CHƯƠNG TRÌNH"); none for a công văn.
    pub heading: Option<String>,
    /// The subject line: under the heading in bold, or, for a công văn, under the number in italics.
    pub subject: String,
    pub body: Vec<Block>,
    /// "T/M BAN THƯỜNG VỤ".
    pub signing_for: Option<String>,
    /// "BÍ THƯ".
    pub signer_title: Option<String>,
    pub signer_name: Option<String>,
    /// One recipient a line.
    pub recipients: Vec<String>,
    /// Marked "DỰ THẢO" when not yet issued.
    pub draft: bool,
}

/// The XML of a part, written so that text can enter it only escaped: markup comes from `&'static`
/// fragments of this module, numbers from integers, and every text through [`Xml::text`].
#[derive(Default)]
struct Xml(String);

impl Xml {
    /// A fragment of markup written here.
    fn tag(&mut self, markup: &'static str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    fn num(&mut self, n: u32) -> &mut Self {
        let _ = write!(self.0, "{n}");
        self
    }

    /// Text, escaped; characters XML 1.0 does not allow are left out.
    fn text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
                c => self.0.push(c),
            }
        }
        self
    }
}

/// How a run of text looks.
#[derive(Clone, Copy, Default)]
struct Look {
    /// In points.
    size: u32,
    bold: bool,
    italic: bool,
    underline: bool,
}

fn look(size: u32) -> Look {
    Look { size, ..Look::default() }
}

fn run(x: &mut Xml, text: &str, l: Look) {
    x.tag("<w:r><w:rPr>");
    if l.bold {
        x.tag("<w:b/>");
    }
    if l.italic {
        x.tag("<w:i/>");
    }
    if l.underline {
        x.tag("<w:u w:val=\"single\"/>");
    }
    x.tag("<w:sz w:val=\"").num(l.size * 2).tag("\"/><w:szCs w:val=\"").num(l.size * 2).tag("\"/></w:rPr>");
    x.tag("<w:t xml:space=\"preserve\">").text(text).tag("</w:t></w:r>");
}

/// Paragraph alignments.
#[derive(Clone, Copy)]
enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// A paragraph: its alignment, first-line indent and space after (in twentieths of a point), and
/// its text.
fn para(x: &mut Xml, align: Align, indent: u32, after: u32, text: &str, l: Look) {
    x.tag("<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"").num(after);
    x.tag("\"/><w:ind w:firstLine=\"").num(indent).tag("\"/><w:jc w:val=\"");
    x.tag(match align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
        Align::Justify => "both",
    });
    x.tag("\"/></w:pPr>");
    if !text.is_empty() {
        run(x, text, l);
    }
    x.tag("</w:p>");
}

fn cell(x: &mut Xml, width: u32, f: impl FnOnce(&mut Xml)) {
    x.tag("<w:tc><w:tcPr><w:tcW w:w=\"").num(width).tag("\" w:type=\"dxa\"/></w:tcPr>");
    f(x);
    x.tag("</w:tc>");
}

/// A table without borders of two columns, for the header and the signature.
fn two_columns(x: &mut Xml, (left_w, right_w): (u32, u32), left: impl FnOnce(&mut Xml), right: impl FnOnce(&mut Xml)) {
    x.tag("<w:tbl><w:tblPr><w:tblW w:w=\"").num(left_w + right_w);
    x.tag(
        "\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/>\
         <w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/>\
         </w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w=\"",
    );
    x.num(left_w).tag("\"/><w:gridCol w:w=\"").num(right_w).tag("\"/></w:tblGrid><w:tr>");
    cell(x, left_w, left);
    cell(x, right_w, right);
    x.tag("</w:tr></w:tbl>");
}

/// Whether a cell of figures reads as a number (right-aligned).
fn numeric(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '-' | ' '))
}

fn table(x: &mut Xml, headers: &[String], rows: &[Vec<String>]) {
    let cols = headers.len().max(1) as u32;
    let width = 9_360 / cols;
    x.tag("<w:tbl><w:tblPr><w:tblW w:w=\"").num(width * cols);
    x.tag(
        "\" w:type=\"dxa\"/><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/><w:insideH w:val=\"single\" w:sz=\"4\"/>\
         <w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders></w:tblPr><w:tblGrid>",
    );
    for _ in 0..cols {
        x.tag("<w:gridCol w:w=\"").num(width).tag("\"/>");
    }
    x.tag("</w:tblGrid><w:tr>");
    for h in headers {
        cell(x, width, |o| para(o, Align::Center, 0, 0, h, Look { bold: true, ..look(12) }));
    }
    x.tag("</w:tr>");
    for r in rows {
        x.tag("<w:tr>");
        for c in r {
            let align = if numeric(c) { Align::Right } else { Align::Left };
            cell(x, width, |o| para(o, align, 0, 0, c, look(12)));
        }
        x.tag("</w:tr>");
    }
    x.tag("</w:tbl>");
    para(x, Align::Left, 0, 120, "", look(14));
}

/// The body of `word/document.xml`.
fn document_xml(l: &Letter) -> String {
    let mut b = Xml::default();
    if l.draft {
        para(&mut b, Align::Right, 0, 120, "DỰ THẢO", Look { bold: true, ..look(14) });
    }
    two_columns(
        &mut b,
        (4_400, 5_200),
        |o| {
            if let Some(s) = &l.superior {
                para(o, Align::Center, 0, 0, &s.to_uppercase(), look(14));
            }
            para(o, Align::Center, 0, 0, &l.issuer.to_uppercase(), Look { bold: true, ..look(14) });
            para(o, Align::Center, 0, 0, "*", look(14));
            para(o, Align::Center, 0, 0, &l.number, look(14));
            if l.heading.is_none() {
                para(o, Align::Center, 0, 0, &l.subject, Look { italic: true, ..look(12) });
            }
        },
        |o| {
            para(o, Align::Center, 0, 240, "ĐẢNG CỘNG SẢN VIỆT NAM", Look { bold: true, underline: true, ..look(15) });
            para(o, Align::Center, 0, 0, &l.place_date, Look { italic: true, ..look(14) });
        },
    );
    para(&mut b, Align::Center, 0, 0, "", look(14));
    if let Some(h) = &l.heading {
        para(&mut b, Align::Center, 0, 0, h, Look { bold: true, ..look(16) });
        para(&mut b, Align::Center, 0, 240, &l.subject, Look { bold: true, ..look(14) });
    }
    for block in &l.body {
        match block {
            Block::Para(t) => {
                for line in t.lines().map(str::trim).filter(|t| !t.is_empty()) {
                    para(&mut b, Align::Justify, 567, 120, line, look(14));
                }
            }
            Block::Heading(t) => para(&mut b, Align::Left, 567, 120, t, Look { bold: true, ..look(14) }),
            Block::Table { headers, rows } => table(&mut b, headers, rows),
        }
    }
    two_columns(
        &mut b,
        (4_800, 4_800),
        |o| {
            if !l.recipients.is_empty() {
                para(o, Align::Left, 0, 0, "Nơi nhận:", Look { bold: true, italic: true, underline: true, ..look(12) });
                for r in &l.recipients {
                    para(o, Align::Left, 0, 0, &format!("- {r}"), look(12));
                }
            }
        },
        |o| {
            if let Some(s) = &l.signing_for {
                para(o, Align::Center, 0, 0, &s.to_uppercase(), Look { bold: true, ..look(14) });
            }
            if let Some(t) = &l.signer_title {
                para(o, Align::Center, 0, 1_200, &t.to_uppercase(), Look { bold: true, ..look(14) });
            }
            if let Some(n) = &l.signer_name {
                para(o, Align::Center, 0, 0, n, Look { bold: true, ..look(14) });
            }
        },
    );
    let mut x = Xml::default();
    x.tag(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>",
    );
    x.0.push_str(&b.0);
    x.tag(
        "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>\
         </w:sectPr></w:body></w:document>",
    );
    x.0
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
</Types>";

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
</Relationships>";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
</Relationships>";

/// Times New Roman by default (TCVN 6909:2001 Unicode, as 36-HD/VPTW shows it).
const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>\
<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:lang w:val=\"vi-VN\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"276\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>\
</w:styles>";

fn core_xml(title: &str) -> String {
    let mut x = Xml::default();
    x.tag(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>",
    );
    x.text(title).tag("</dc:title><dc:creator>tinhgon</dc:creator></cp:coreProperties>");
    x.0
}

/// The Word file of a document.
pub fn write(l: &Letter) -> Result<Vec<u8>, std::io::Error> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let parts: [(&str, String); 6] = [
        ("[Content_Types].xml", CONTENT_TYPES.into()),
        ("_rels/.rels", RELS.into()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.into()),
        ("word/styles.xml", STYLES.into()),
        ("docProps/core.xml", core_xml(&l.subject)),
        ("word/document.xml", document_xml(l)),
    ];
    for (name, text) in parts {
        zip.start_file(name, opts).map_err(std::io::Error::other)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_left_out() {
        assert_eq!(Xml::default().text("a<b>&\"c\u{1}").0, "a&lt;b&gt;&amp;&quot;c");
        let l = Letter { issuer: "Chi bộ <A>".into(), subject: "x & y".into(), ..Letter::default() };
        let xml = document_xml(&l);
        assert!(xml.contains("CHI BỘ &lt;A&gt;") && xml.contains("x &amp; y"), "{xml}");
        assert!(numeric("2.978") && numeric("24,07%") && !numeric("Hành chính"));
    }
}
