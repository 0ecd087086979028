// Writes the small XML documents of IAM's Query protocol: nested elements with escaped text.
#ifndef FAKE_IAM_SERVER_XML_WRITER_H_
#define FAKE_IAM_SERVER_XML_WRITER_H_

#include <string>
#include <string_view>
#include <vector>

namespace fake_iam::server {

// Not thread-safe; one per response.
class XmlWriter {
 public:
  // Opens <tag> (with ` attributes` verbatim, if given); every Open needs a Close.
  XmlWriter& Open(std::string_view tag, std::string_view attributes = "");
  XmlWriter& Close();
  // <tag>escaped text</tag>
  XmlWriter& Element(std::string_view tag, std::string_view text);
  // The document, with the XML declaration; call when every element is closed.
  std::string Finish();

 private:
  std::string xml_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  std::vector<std::string> open_;
};

// Element text with &, < and > escaped, and what XML 1.0 cannot hold (C0 controls, broken UTF-8)
// replaced by U+FFFD. Quotes stay as they are, as in IAM's answers; no attribute takes user text.
std::string XmlEscape(std::string_view text);

}  // namespace fake_iam::server

#endif  // FAKE_IAM_SERVER_XML_WRITER_H_
