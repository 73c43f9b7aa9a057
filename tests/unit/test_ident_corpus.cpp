// The real-phone corpus (tests/data/corpus_requests.tsv, a copy of the shared corpus) through
// extraction with the bundled plugins. Every corpus vendor must be declared by a bundled plugin;
// for each row the MAC must be exactly the expected one (none where none is expected),
// model (case-insensitive) and version where given, and the vendor recognised. Per-field scores
// are printed, with the rows of vendors no plugin covers yet.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "config/loader.h"
#include "ident/extract.h"

namespace provd::ident {
namespace {

struct Row {
  std::string vendor, model, protocol, ua, path, mac, expected_model, version;
  int line = 0;
};

std::string decode_escapes(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i + 3 < text.size() && text.compare(i, 2, "\\x") == 0 &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 3]))) {
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 2, 2), nullptr, 16)));
      i += 3;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, '\t')) out.push_back(cell);
  while (out.size() < 9) out.emplace_back();
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<Row> load_rows() {
  std::ifstream in(PROVD_SOURCE_DIR "/tests/data/corpus_requests.tsv");
  std::vector<Row> rows;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    if (++number == 1 || line.empty()) continue;
    auto c = split_tabs(line);
    Row row{c[0], c[1], c[2], decode_escapes(c[3]), decode_escapes(c[4]), c[5], c[6], c[7], number};
    rows.push_back(row);
  }
  return rows;
}

struct Score {
  int checked = 0;
  int passed = 0;
};

// The request a row describes.
Inputs inputs_of(const Row& row) {
  Inputs in;
  in.source_ip = "192.0.2.10";
  if (row.protocol == "http") {
    in.channel = Channel::kHttp;
    if (!row.ua.empty()) in.user_agent = row.ua;
    in.path = row.path;
    if (auto q = in.path.find('?'); q != std::string::npos) {
      in.query = in.path.substr(q + 1);
      in.path.resize(q);
    }
  } else if (row.protocol == "tftp") {
    in.channel = Channel::kTftp;
    in.path = row.path;
  } else {
    in.channel = Channel::kDhcp;
    in.vendor_class = row.ua;
  }
  return in;
}

TEST(IdentCorpus, BundledPluginsIdentifyTheirVendorsRows) {
  const auto all_rows = load_rows();
  ASSERT_GE(all_rows.size(), 100u) << "corpus file missing or changed";
  const auto plugins = plugins::PluginSet::load(PROVD_SOURCE_DIR "/plugins");
  std::set<std::string> covered;
  for (const auto& plugin : plugins.plugins()) {
    for (const auto& cap : plugin->capabilities) covered.insert(lower(cap.vendor));
  }
  std::vector<Row> rows;
  std::set<std::string> uncovered;
  for (const auto& row : all_rows) {
    if (covered.count(lower(row.vendor))) {
      rows.push_back(row);
    } else {
      uncovered.insert(row.vendor);
    }
  }
  const auto stages = config::default_settings().pipeline.extract;
  std::map<std::string, Score> scores;
  for (const auto& row : rows) {
    const auto x = extract(inputs_of(row), plugins, stages);
    const std::string where =
        "corpus line " + std::to_string(row.line) + " (" + row.vendor + " " + row.model + " " + row.protocol + ")";
    auto check = [&](const std::string& field, bool ok, const std::string& detail) {
      auto& s = scores[field];
      ++s.checked;
      if (ok) {
        ++s.passed;
      } else {
        ADD_FAILURE() << where << ": " << field << ": " << detail;
      }
    };
    const auto mac = x.info.value("mac").value_or("");
    check("mac", mac == row.mac, "got '" + mac + "', expected '" + row.mac + "'");
    if (!row.expected_model.empty()) {
      const auto model = x.info.value("model").value_or("");
      check("model", lower(model) == lower(row.expected_model), "got '" + model + "'");
    }
    if (!row.version.empty()) {
      const auto version = x.info.value("version").value_or("");
      check("version", version == row.version, "got '" + version + "'");
    }
    const auto vendor = x.info.value("vendor").value_or("");
    const bool vendor_ok = lower(vendor) == lower(row.vendor);
    check("vendor", vendor_ok, "got '" + vendor + "'");
  }
  for (const auto& [field, s] : scores) {
    std::printf("corpus %s: %d/%d\n", field.c_str(), s.passed, s.checked);
  }
  std::printf("corpus rows checked: %zu/%zu; vendors without a bundled plugin:", rows.size(), all_rows.size());
  for (const auto& vendor : uncovered) std::printf(" %s", vendor.c_str());
  std::printf("\n");
  // Every vendor of the corpus has a bundled plugin: the whole corpus is checked.
  EXPECT_TRUE(uncovered.empty()) << "corpus vendors without a bundled plugin";
}

// A plugin must not claim another vendor's requests: on no corpus row may rules of two plugins
// propose different vendors or MACs (the extract stage would log a conflict and pick one).
// Within one plugin a weaker rule may be overruled (a Linksys UA asking for Cisco's spa-phone.xml).
TEST(IdentCorpus, NoRowGetsConflictingVendorOrMac) {
  const auto plugins = plugins::PluginSet::load(PROVD_SOURCE_DIR "/plugins");
  const auto stages = config::default_settings().pipeline.extract;
  for (const auto& row : load_rows()) {
    const auto x = extract(inputs_of(row), plugins, stages);
    for (const auto& step : x.why) {
      const auto field = step.value("conflict", "");
      if (field != "vendor" && field != "mac") continue;
      const auto plugin_of = [](const std::string& by) { return by.substr(0, by.find(':')); };
      if (plugin_of(step.value("chosen_by", "")) == plugin_of(step.value("rejected_by", ""))) continue;
      ADD_FAILURE() << "corpus line " << row.line << " (" << row.vendor << " " << row.path << "): " << field
                    << " chosen by " << step.value("chosen_by", "") << ", also proposed by "
                    << step.value("rejected_by", "") << " as " << step.value("rejected", "");
    }
  }
}

}  // namespace
}  // namespace provd::ident
