#include "serve/root_directory_handler.h"

#include <sys/stat.h>

#include <stdexcept>

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
  struct stat st {};
  auto file = open_beneath(root_->get(), request.path, &st);
  if (!file) {
    return file.error().code == "not_found" ? Answer::not_found(file.error().message)
                                            : Answer::forbidden(file.error().message);
  }
  return Answer::file(std::move(*file), st);
}

void RootDirectoryHandler::async_handle(Request request, AnswerCallback done) {
  boost::asio::post(blocking_,
                    [this, request = std::move(request), done = std::move(done)]() mutable { done(answer(request)); });
}

}  // namespace provd::serve
