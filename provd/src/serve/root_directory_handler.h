#pragma once

#include <memory>
#include <string>

#include <boost/asio/thread_pool.hpp>

#include "common/unique_fd.h"
#include "serve/request.h"

namespace provd::serve {

/// Serves static files from one directory, for any client: what the servers use until the
/// identification pipeline answers instead. Paths are resolved by the kernel beneath the root;
/// opening and stat-ing run on the blocking pool, never on the I/O thread.
class RootDirectoryHandler : public RequestHandler {
 public:
  /// Throws std::runtime_error when `root` is not an openable directory.
  RootDirectoryHandler(const std::string& root, boost::asio::thread_pool& blocking);
  void async_handle(Request request, AnswerCallback done) override;

  /// The same lookup, synchronously (for the blocking pool and for tests).
  Answer answer(const Request& request) const;

 private:
  std::shared_ptr<UniqueFd> root_;
  boost::asio::thread_pool& blocking_;
};

}  // namespace provd::serve
