#pragma once

// Shared by the sample generators (never by mrtd itself): a deterministic RNG so that ECDSA
// nonces and PSS salts, and with them every sample file, are byte-stable; small file helpers.

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace mrtd::gen {

// --- deterministic RNG (test generator only) ---

inline std::string g_seed;
inline unsigned long long g_counter = 0;

inline int stream_bytes(unsigned char* out, int count) {
  while (count > 0) {
    unsigned char block[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    const std::string input = g_seed + "/" + std::to_string(g_counter++);
    if (EVP_Digest(input.data(), input.size(), block, &size, EVP_sha256(), nullptr) != 1) {
      return 0;
    }
    const int take = count < static_cast<int>(size) ? count : static_cast<int>(size);
    std::memcpy(out, block, static_cast<std::size_t>(take));
    out += take;
    count -= take;
  }
  return 1;
}
inline int stream_seed(const void*, int) {
  return 1;
}
inline int stream_add(const void*, int, double) {
  return 1;
}
inline int stream_status() {
  return 1;
}

inline const RAND_METHOD k_stream_method = {stream_seed, stream_bytes, nullptr,
                                     stream_add,  stream_bytes, stream_status};

/// Routes OpenSSL's RNG (ECDSA nonces, PSS salts) through the counter stream. RAND_METHOD is
/// deprecated in OpenSSL 3.0 but still honoured by RAND_bytes_ex/RAND_priv_bytes_ex, and it is
/// the one switch that needs no custom provider.
inline void use_deterministic_rng() {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  RAND_set_rand_method(&k_stream_method);
#pragma GCC diagnostic pop
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
  static const char* const k_hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += k_hex[digest[i] >> 4];
    out += k_hex[digest[i] & 15];
  }
  return out;
}

} // namespace mrtd::gen
