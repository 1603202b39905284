// `mrtd seal make`: build and sign a seal from a JSON description (lib/seal/make) and render it
// with libzint (lib/render) to PNG or SVG.

#include "command.hpp"
#include "io.hpp"

#include "render/render.hpp"
#include "seal/make.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <openssl/pem.h>

#include <fstream>

namespace mrtd::cmd {

namespace {

constexpr std::size_t k_max_description = 1024 * 1024;
constexpr std::size_t k_max_key = 64 * 1024;

struct Options {
  std::string description;
  std::string key;
  std::string cert;
  std::string out;
  std::string payload_out;
  std::string symbology;
  int scale = 4;
};

int fail(const std::string& message) {
  fmt::print(stderr, "mrtd seal make: error: {}\n", message);
  return 2;
}

// DER from a PEM or DER certificate file.
std::optional<seal::Bytes> certificate_der(const std::string& text) {
  if (text.find("-----BEGIN") == std::string::npos) {
    return seal::Bytes(text.begin(), text.end());
  }
  BIO* bio = BIO_new_mem_buf(text.data(), static_cast<int>(text.size()));
  X509* cert = bio != nullptr ? PEM_read_bio_X509(bio, nullptr, nullptr, nullptr) : nullptr;
  BIO_free(bio);
  if (cert == nullptr) {
    return std::nullopt;
  }
  const int len = i2d_X509(cert, nullptr);
  seal::Bytes der(static_cast<std::size_t>(len > 0 ? len : 0));
  unsigned char* p = der.data();
  i2d_X509(cert, &p);
  X509_free(cert);
  return der;
}

bool write_file(const std::string& path, const void* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  return static_cast<bool>(out);
}

int run(const Options& o) {
  auto description = read_input(o.description, k_max_description);
  if (!description) {
    return fail(description.error().message);
  }
  auto key = read_input(o.key, k_max_key);
  if (!key) {
    return fail(key.error().message);
  }
  auto cert_text = read_input(o.cert, k_max_key);
  if (!cert_text) {
    return fail(cert_text.error().message);
  }
  auto der = certificate_der(*cert_text);
  if (!der) {
    return fail(o.cert + ": not a PEM or DER certificate");
  }
  const seal::Signer signer{seal::Bytes(key->begin(), key->end()), std::move(*der)};
  auto made = seal::make(*description, signer);
  if (!made) {
    return fail(made.error().message);
  }
  const std::string symbology = o.symbology.empty() ? made->symbology : o.symbology;
  const auto kind = symbology == "datamatrix" ? render::Symbology::datamatrix
                    : symbology == "qrcode"   ? render::Symbology::qrcode
                    : symbology == "pdf417"   ? render::Symbology::pdf417
                                              : render::Symbology::aztec;
  nlohmann::ordered_json summary;
  summary["format"] = made->format;
  summary["bytes"] = made->payload.size();
  summary["payload_hex"] = [&] {
    std::string hex;
    static constexpr char k_digits[] = "0123456789ABCDEF";
    for (const auto b : made->payload) {
      hex += k_digits[b >> 4];
      hex += k_digits[b & 15];
    }
    return hex;
  }();
  if (!o.payload_out.empty()) {
    if (!write_file(o.payload_out, made->payload.data(), made->payload.size())) {
      return fail("cannot write " + o.payload_out);
    }
    summary["payload_out"] = o.payload_out;
  }
  if (!o.out.empty()) {
    render::RenderOptions options;
    options.scale = o.scale;
    auto bitmap = render::render(made->payload, kind, options);
    if (!bitmap) {
      return fail("rendering: " + bitmap.error().message);
    }
    const bool svg = o.out.size() > 4 && o.out.substr(o.out.size() - 4) == ".svg";
    bool written = false;
    if (svg) {
      const std::string text = render::to_svg(*bitmap);
      written = write_file(o.out, text.data(), text.size());
    } else {
      const auto png = render::to_png(*bitmap);
      written = write_file(o.out, png.data(), png.size());
    }
    if (!written) {
      return fail("cannot write " + o.out);
    }
    summary["symbology"] = symbology;
    summary["out"] = o.out;
    summary["image"] = {{"width", bitmap->width}, {"height", bitmap->height}};
  }
  fmt::print("{}\n", summary.dump());
  return 0;
}

} // namespace

Command add_seal_make(CLI::App& seal) {
  auto options = std::make_shared<Options>();
  Options& o = *options;
  CLI::App* app = seal.add_subcommand(
      "make", "Build and sign a seal (VDS, VDS-NC, IDB) from a JSON description; render it");
  app->add_option("description", o.description, "JSON description (a file, or - for stdin)")
      ->required();
  app->add_option("--key", o.key, "the signer's PEM private key")->required();
  app->add_option("--cert", o.cert, "the signer's certificate (PEM or DER)")->required();
  app->add_option("-o,--out", o.out, "image to write: .png (default) or .svg");
  app->add_option("--payload-out", o.payload_out, "also write the payload bytes to this file");
  app->add_option("--symbology", o.symbology,
                  "datamatrix (VDS default), qrcode (VDS-NC, IDB default), pdf417, aztec")
      ->check(CLI::IsMember({"datamatrix", "qrcode", "pdf417", "aztec"}));
  app->add_option("--scale", o.scale, "pixels per module (default 4)")->check(CLI::Range(1, 64));
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
