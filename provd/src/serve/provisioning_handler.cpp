#include "serve/provisioning_handler.h"

#include <filesystem>

#include "serve/root_directory_handler.h"

namespace provd::serve {

std::shared_ptr<RequestHandler> make_provisioning_handler(runtime::Runtime& runtime, store::Store& /*store*/) {
  // Until the identification pipeline answers, listeners serve <data_dir>/tftpboot as is.
  const auto root = std::filesystem::path(runtime.settings()->general.data_dir) / "tftpboot";
  std::filesystem::create_directories(root);
  return std::make_shared<RootDirectoryHandler>(root.string(), runtime.blocking());
}

}  // namespace provd::serve
