#include "serve/root_directory_handler.h"

#include <sys/stat.h>

#include <stdexcept>

#include <fmt/format.h>
#include <boost/asio/post.hpp>

#include "common/open_beneath.h"

namespace provd::serve {

RootDirectoryHandler::RootDirectoryHandler(const std::string& root, boost::asio::thread_pool& blocking)
    : blocking_(blocking) {
  auto fd = open_root(root);
  if (!fd) throw std::runtime_error(fd.error().message);
  root_ = std::make_shared<UniqueFd>(std::move(*fd));
}

Answer RootDirectoryHandler::answer(const Request& request) const {
  auto file = open_beneath(root_->get(), request.path);
  if (!file) {
    return file.error().code == "not_found" ? Answer::not_found(file.error().message)
                                            : Answer::forbidden(file.error().message);
  }
  struct stat st {};
  if (::fstat(file->get(), &st) != 0) return Answer::not_found("stat failed");
  Answer a;
  a.status = Answer::Status::kOk;
  a.modified = std::chrono::system_clock::time_point(std::chrono::seconds(st.st_mtim.tv_sec));
  // Size and mtime identify a version of a static file well enough for conditional requests.
  a.etag = fmt::format("{:x}-{:x}-{:x}", st.st_ino, st.st_size, st.st_mtim.tv_sec);
  a.body = FileBody{std::move(*file), static_cast<std::uint64_t>(st.st_size)};
  return a;
}

void RootDirectoryHandler::async_handle(Request request, AnswerCallback done) {
  boost::asio::post(blocking_,
                    [this, request = std::move(request), done = std::move(done)]() mutable { done(answer(request)); });
}

}  // namespace provd::serve
