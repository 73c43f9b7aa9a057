// A strict, small XML well-formedness check for rendered plugin templates: one root element,
// balanced and properly nested tags, quoted attributes without duplicates, no raw '<' or bare
// '&' in text or attribute values, comments and the prolog skipped. It is enough to catch what
// a template gets wrong (an unescaped value, a section that drops a closing tag).
#pragma once

#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace provd::testing {

/// Why `text` is not well-formed XML, or nullopt when it is.
inline std::optional<std::string> xml_problem(std::string_view text) {
  std::vector<std::string> open;
  bool root_seen = false;
  std::size_t i = 0;
  auto name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':';
  };
  auto at = [&](std::size_t pos) { return "at byte " + std::to_string(pos); };
  auto entity_ok = [&](std::size_t pos) {
    const auto end = text.find(';', pos);
    if (end == std::string_view::npos || end - pos > 10) return false;
    const auto name = text.substr(pos + 1, end - pos - 1);
    if (name == "lt" || name == "gt" || name == "amp" || name == "quot" || name == "apos") return true;
    return name.size() > 1 && name[0] == '#';
  };
  while (i < text.size()) {
    if (text[i] != '<') {
      if (text[i] == '&' && !entity_ok(i)) return "bare '&' " + at(i);
      if (open.empty() && !std::isspace(static_cast<unsigned char>(text[i]))) return "text outside the root " + at(i);
      ++i;
      continue;
    }
    if (text.substr(i, 4) == "<!--") {
      const auto end = text.find("-->", i + 4);
      if (end == std::string_view::npos) return "unterminated comment " + at(i);
      i = end + 3;
      continue;
    }
    if (text.substr(i, 2) == "<?") {
      const auto end = text.find("?>", i + 2);
      if (end == std::string_view::npos || root_seen) return "misplaced processing instruction " + at(i);
      i = end + 2;
      continue;
    }
    const bool closing = i + 1 < text.size() && text[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    const std::size_t name_start = j;
    while (j < text.size() && name_char(text[j])) ++j;
    const std::string name(text.substr(name_start, j - name_start));
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return "bad tag name " + at(i);
    if (closing) {
      while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
      if (j >= text.size() || text[j] != '>') return "bad closing tag " + at(i);
      if (open.empty() || open.back() != name) return "closing </" + name + "> does not match " + at(i);
      open.pop_back();
      i = j + 1;
      continue;
    }
    if (open.empty() && root_seen) return "second root element <" + name + "> " + at(i);
    std::set<std::string> attributes;
    bool self_closing = false;
    while (true) {
      while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
      if (j >= text.size()) return "unterminated tag <" + name + "> " + at(i);
      if (text[j] == '>') break;
      if (text.substr(j, 2) == "/>") {
        self_closing = true;
        ++j;
        break;
      }
      const std::size_t attr_start = j;
      while (j < text.size() && name_char(text[j])) ++j;
      const std::string attr(text.substr(attr_start, j - attr_start));
      if (attr.empty() || !attributes.insert(attr).second)
        return "bad or repeated attribute in <" + name + "> " + at(j);
      if (j >= text.size() || text[j] != '=') return "attribute without value in <" + name + "> " + at(j);
      ++j;
      if (j >= text.size() || (text[j] != '"' && text[j] != '\''))
        return "unquoted attribute in <" + name + "> " + at(j);
      const char quote = text[j];
      const auto end = text.find(quote, j + 1);
      if (end == std::string_view::npos) return "unterminated attribute in <" + name + "> " + at(j);
      for (std::size_t k = j + 1; k < end; ++k) {
        if (text[k] == '<') return "'<' in attribute of <" + name + "> " + at(k);
        if (text[k] == '&' && !entity_ok(k)) return "bare '&' in attribute of <" + name + "> " + at(k);
      }
      j = end + 1;
    }
    root_seen = true;
    if (!self_closing) open.push_back(name);
    i = j + 1;
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  if (!root_seen) return "no root element";
  return std::nullopt;
}

}  // namespace provd::testing
