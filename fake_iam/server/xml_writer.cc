#include "fake_iam/server/xml_writer.h"

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
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '\t':
      case '\n':
      case '\r':
        escaped += c;
        break;
      default: {
        // C0 controls are not allowed in XML 1.0, not even as references; nor is broken UTF-8.
        uint32_t code_point = 0;
        size_t length = internal::DecodeUtf8(text, i, code_point);
        if (length == 0 || code_point < 0x20 || code_point == 0xFFFE || code_point == 0xFFFF) {
          escaped += "\xEF\xBF\xBD";
        } else {
          escaped.append(text.substr(i, length));
          i += length - 1;
        }
      }
    }
  }
  return escaped;
}

}  // namespace fake_iam::server
