#include "log/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace provd::log {

void setup(std::string_view level) {
  auto logger = spdlog::stdout_logger_mt("provd");
  // Under systemd the journal adds its own timestamp; the level word keeps lines greppable.
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v");
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  set_level(level);
}

void set_level(std::string_view level) {
  spdlog::set_level(spdlog::level::from_str(std::string(level)));
}

}  // namespace provd::log
