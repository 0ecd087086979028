#include "fake_iam/server/xml_writer.h"

#include <algorithm>

#include "fake_iam/internal/utf8.h"

namespace fake_iam::server {

XmlWriter& XmlWriter::Open(std::string_view tag, std::string_view attributes) {
  xml_.append("<").append(tag);
  if (!attributes.empty()) xml_.append(" ").append(attributes);
  xml_.append(">");
  open_.emplace_back(tag);
  return *this;
}

XmlWriter& XmlWriter::Close() {
  xml_.append("</").append(open_.back()).append(">");
  open_.pop_back();
  return *this;
}

XmlWriter& XmlWriter::Element(std::string_view tag, std::string_view text) {
  xml_.append("<").append(tag).append(">").append(XmlEscape(text));
  xml_.append("</").append(tag).append(">");
  return *this;
}

std::string XmlWriter::Finish() {
  while (!open_.empty()) Close();
  return std::move(xml_);
}

std::string XmlEscape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    // Copy the run of printable ASCII that needs no escape in one go: most text is just that.
    size_t run = i;
    while (run < text.size()) {
      const unsigned char c = text[run];
      if (c >= 0x80 || c == '&' || c == '<' || c == '>' ||
          (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
        break;
      }
      ++run;
    }
    escaped.append(text.substr(i, run - i));
    i = run;
    if (i == text.size()) break;
    switch (text[i]) {
      case '&':
        escaped += "&amp;";
        ++i;
        continue;
      case '<':
        escaped += "&lt;";
        ++i;
        continue;
      case '>':
        escaped += "&gt;";
        ++i;
        continue;
    }
    // C0 controls are not allowed in XML 1.0, not even as references; nor is broken UTF-8.
    uint32_t code_point = 0;
    size_t length = internal::DecodeUtf8(text, i, code_point);
    if (length == 0 || code_point < 0x20 || code_point == 0xFFFE || code_point == 0xFFFF) {
      escaped += "\xEF\xBF\xBD";
      i += std::max<size_t>(length, 1);
    } else {
      escaped.append(text.substr(i, length));
      i += length;
    }
  }
  return escaped;
}

}  // namespace fake_iam::server
