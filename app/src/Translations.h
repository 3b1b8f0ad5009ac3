#pragma once

#include <wx/string.h>

#include <string>

namespace portside::app {

/// Sets up gettext for the shell: the language is the system's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), catalogs are
/// looked up in `<prefix>/share/locale` next to the executable (build tree and installed layout alike), and the
/// shell's own domain "portside" plus wxWidgets' standard catalog are loaded. `language` overrides the system's
/// ("es", "fr"); empty keeps it.
void initTranslations(const wxString& executablePath, const wxString& language = {});

/// Loads a plugin's catalog domain (idempotent).
void addCatalog(const std::string& domain);

/// A plugin text (UTF-8 message id) translated in the plugin's domain.
wxString translate(const std::string& msgid, const std::string& domain);

} // namespace portside::app
