// Stage 1 of the pipeline: what the request reveals. Extractors (a fixed registry, named in
// pipeline.extract) propose values; per field, one value is chosen:
//   - identical proposals agree (the first by plugin id then rule name is kept as provenance);
//   - differing proposals conflict: the one from the rule that captured more fields from the
//     request wins (more evidence), then the one read from the more specific input
//     (user_agent, vendor_class, http_path/tftp_filename, query), then the smaller plugin id,
//     then the smaller rule name. Every conflict is logged (event=ident.conflict) and explained.
// Values are normalised (MAC and IP canonical); a MAC of all zeros or all ones, and text with
// control or non-ASCII bytes, are not identities and are dropped with a note.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ident/device_info.h"
#include "ident/inputs.h"
#include "plugins/plugin_set.h"

namespace provd::ident {

/// The extract stages provd knows (pipeline.extract names a subset, in order).
const std::vector<std::string>& extract_stage_names();

/// The DeviceInfo of a request and the explanation of how it was reached.
struct Extraction {
  DeviceInfo info;
  nlohmann::json why = nlohmann::json::array();  ///< matched rules, dropped values, conflicts
};

/// Runs the named extract stages over `inputs`.
Extraction extract(const Inputs& inputs, const plugins::PluginSet& plugins, const std::vector<std::string>& stages);

}  // namespace provd::ident
