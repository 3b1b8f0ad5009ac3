#pragma once

#include "portside/core/Text.h"

#include <wx/string.h>

#include <memory>
#include <string>
#include <vector>

class wxTranslations;

namespace portside::app {

/// Sets up gettext for the shell: the language is the system's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), catalogs are
/// looked up in `<prefix>/share/locale` next to the executable (build tree and installed layout alike), and the
/// shell's own domain "portside" plus wxWidgets' standard catalog are loaded. `language` overrides the system's
/// ("es", "fr"); empty keeps it.
void initTranslations(const wxString& executablePath, const wxString& language = {});

/// The plugins a supervisor installed under `root` (`<data>/plugins`): their pending changes take effect now
/// (core::PluginInstaller::activate) and their catalogs (`<folder>/locale/<lang>/LC_MESSAGES`) are found from here
/// on. Returns the folders to load, after the bundled ones: a package that names a bundled plugin's id is refused as a
/// duplicate, never runs in its place. Throws std::exception when the folder cannot be read.
/// Each is checked again as installed, against `trustedPublicPems` (the site's keys now); one that fails is not loaded,
/// and why is written to `problems`.
std::vector<std::string> activateInstalledPlugins(const std::string& root,
                                                  const std::vector<std::string>& trustedPublicPems,
                                                  std::vector<std::string>* problems = nullptr);

/// Loads a plugin's catalog domain (idempotent).
void addCatalog(const std::string& domain);

/// Switches the shell's own words to `language` ("es"; empty: the kiosk's language, as initTranslations set it),
/// with every catalog domain loaded so far. True when the language changed (the screens are then built again).
bool setShellLanguage(const std::string& language);

/// A plugin text (UTF-8 message id) translated in the plugin's domain.
wxString translate(const std::string& msgid, const std::string& domain);

/// Core's sentences (and plugins' message ids) in one language: the shell's own when no language is set, else the
/// signed-in nurse's, read from that language's catalogs next to the shell's.
class ShellTranslator final : public core::Translator {
public:
    ShellTranslator();
    ~ShellTranslator() override;
    /// "es", "fr"; empty: the shell's language.
    void setLanguage(const std::string& language);
    const std::string& language() const { return _language; }
    std::string translate(const std::string& domain, const std::string& msgid) const override;
    std::string decimalSign() const override;

private:
    std::string _language;
    std::unique_ptr<wxTranslations> _translations; ///< catalogs of _language, loaded as domains are asked for
};

/// Core's sentence, translated, as a wxString.
wxString say(const core::Text& text, const core::Translator& translator);

} // namespace portside::app
