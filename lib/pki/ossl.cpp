#include "pki/detail/ossl.hpp"

#include <openssl/err.h>

#include <climits>

namespace mrtd::pki::detail {

std::string drain_errors() {
  std::string message;
  char buffer[256];
  while (const unsigned long code = ERR_get_error()) {
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!message.empty()) {
      message += "; ";
    }
    message += buffer;
  }
  return message;
}

BioPtr memory_bio(const void* data, std::size_t size) {
  if (size > static_cast<std::size_t>(INT_MAX)) {
    return nullptr;
  }
  return BioPtr(BIO_new_mem_buf(data, static_cast<int>(size)));
}

} // namespace mrtd::pki::detail
