// mrtd: travel-document examination. This file holds only the list of subcommands and the
// single try/catch that maps exceptions to exit codes (man/mrtd.1).

#include "command.hpp"

#include "core/version.hpp"
#include "image/read.hpp"
#include "render/render.hpp"

#include <CLI/CLI.hpp>
#include <openssl/crypto.h>

#include <exception>
#include <iostream>
#include <vector>

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  CLI::App app{"mrtd: examine travel documents (ICAO Doc 9303)", "mrtd"};
  app.set_version_flag("--version", std::string("mrtd ") + mrtd::k_version + "\nOpenSSL " +
                                        OpenSSL_version(OPENSSL_VERSION_STRING) + "\nZXing-cpp " +
                                        mrtd::image::zxing_version() + "\nlibzint " +
                                        mrtd::render::zint_version());
  app.require_subcommand(1);

  CLI::App* mrz = app.add_subcommand("mrz", "Machine readable zones: check and make");
  mrz->require_subcommand(1);
  CLI::App* chip = app.add_subcommand("chip", "eMRTD chip data: Passive Authentication and dumps");
  chip->require_subcommand(1);
  CLI::App* specimen =
      app.add_subcommand("specimen", "Generate synthetic Utopia specimens for tests");
  specimen->require_subcommand(1);
  CLI::App* pki = app.add_subcommand(
      "pki", "Trust stores: import PKD LDIF, master lists and certificates; list, show, lint");
  pki->require_subcommand(1);
  CLI::App* barcode =
      app.add_subcommand("barcode", "Barcodes in images: find, classify and decode payloads");
  barcode->require_subcommand(1);
  CLI::App* seal = app.add_subcommand(
      "seal", "Visible digital seals (ICAO VDS, VDS-NC, IDB; EU DCC): verify and make");
  seal->require_subcommand(1);
  const std::vector<mrtd::cmd::Command> commands = {
      mrtd::cmd::add_mrz_check(*mrz),    mrtd::cmd::add_mrz_make(*mrz),
      mrtd::cmd::add_chip_verify(*chip), mrtd::cmd::add_chip_dump(*chip),
      mrtd::cmd::add_specimen_chip(*specimen),
      mrtd::cmd::add_specimen_pkd(*specimen),
      mrtd::cmd::add_pki_import(*pki),   mrtd::cmd::add_pki_list(*pki),
      mrtd::cmd::add_pki_show(*pki),     mrtd::cmd::add_pki_lint(*pki),
      mrtd::cmd::add_barcode_read(*barcode), mrtd::cmd::add_seal_verify(*seal),
      mrtd::cmd::add_seal_make(*seal),   mrtd::cmd::add_specimen_seal(*specimen),
      mrtd::cmd::add_examine(app),       mrtd::cmd::add_specimen_document(*specimen),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    for (const auto& command : commands) {
      if (command.app->parsed()) {
        return command.run();
      }
    }
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "mrtd: internal error: " << e.what() << '\n';
    return 3;
  } catch (...) {
    std::cerr << "mrtd: internal error\n";
    return 3;
  }
}
