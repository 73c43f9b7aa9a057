#include "plugins/template.h"

#include <mutex>
#include <stdexcept>

#include <kainjow/mustache.hpp>

namespace provd::plugins {
namespace {

namespace mstch = kainjow::mustache;

mstch::data to_data(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mstch::data out{mstch::data::type::object};
      for (const auto& [key, item] : value.items()) out.set(key, to_data(item));
      return out;
    }
    case nlohmann::json::value_t::array: {
      mstch::data out{mstch::data::type::list};
      for (const auto& item : value) out.push_back(to_data(item));
      return out;
    }
    case nlohmann::json::value_t::string:
      return mstch::data{value.get<std::string>()};
    case nlohmann::json::value_t::boolean:
      return mstch::data{value.get<bool>()};
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return mstch::data{false};
    default:
      return mstch::data{value.dump()};  // numbers print as JSON writes them
  }
}

}  // namespace

struct Template::Impl {
  explicit Impl(std::string_view text) : tmpl(std::string(text)) {}
  // kainjow's render is not const (it records errors in the object): one render at a time.
  mutable std::mutex mutex;
  mutable mstch::mustache tmpl;
};

Result<Template> Template::parse(std::string_view text) {
  auto impl = std::make_shared<Impl>(text);
  if (!impl->tmpl.is_valid()) return fail("template", impl->tmpl.error_message());
  return Template(std::move(impl));
}

std::string Template::render(const nlohmann::json& context) const {
  mstch::data data = to_data(context);
  std::lock_guard lock(impl_->mutex);
  std::string out = impl_->tmpl.render(data);
  if (!impl_->tmpl.is_valid()) throw std::runtime_error("template render failed: " + impl_->tmpl.error_message());
  return out;
}

}  // namespace provd::plugins
