#include "Translations.h"

#include "Widgets.h"

#include "portside/core/PluginInstaller.h"

#include <wx/filename.h>
#include <wx/intl.h>
#include <wx/translation.h>
#include <wx/uilocale.h>

#include <vector>

namespace portside::app {

namespace {
wxString kioskLanguage;             ///< what initTranslations was given (empty: the system's)
wxString shellLanguage;             ///< what the shell speaks now
std::vector<wxString> addedDomains; ///< plugin domains, loaded again on a change of language

void loadCatalogs(const wxString& language)
{
    auto* translations = new wxTranslations;
    if (!language.empty())
        translations->SetLanguage(language);
    wxTranslations::Set(translations);
    translations->AddStdCatalog();
    translations->AddCatalog("portside");
    translations->AddCatalog(core::Text::kCoreDomain);
    for (const auto& domain : addedDomains)
        translations->AddCatalog(domain);
}
} // namespace

bool setShellLanguage(const std::string& language)
{
    const wxString wanted = language.empty() ? kioskLanguage : wxString::FromUTF8(language);
    if (wanted == shellLanguage)
        return false;
    shellLanguage = wanted;
    loadCatalogs(wanted);
    return true;
}

void initTranslations(const wxString& executablePath, const wxString& language)
{
    wxUILocale::UseDefault();
    wxFileName exe(executablePath);
    exe.MakeAbsolute();
    wxFileName prefix(exe.GetPath(), "");
    prefix.RemoveLastDir();
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(prefix.GetPath() + "/share/locale");
    kioskLanguage = shellLanguage = language;
    loadCatalogs(language);
}

std::vector<std::string> activateInstalledPlugins(const std::string& root,
                                                  const std::vector<std::string>& trustedPublicPems,
                                                  std::vector<std::string>* problems)
{
    core::PluginInstaller installer(root, trustedPublicPems, {});
    auto folders = installer.activate();
    if (problems)
        for (const auto& [id, why] : installer.problems())
            problems->push_back(why);
    for (const auto& folder : folders)
        wxFileTranslationsLoader::AddCatalogLookupPathPrefix(wxString::FromUTF8(folder + "/locale"));
    return folders;
}

void addCatalog(const std::string& domain)
{
    auto* translations = wxTranslations::Get();
    if (domain.empty() || !translations || translations->IsLoaded(domain))
        return;
    translations->AddCatalog(domain);
    addedDomains.push_back(wxString::FromUTF8(domain));
}

wxString translate(const std::string& msgid, const std::string& domain)
{
    if (msgid.empty())
        return {};
    return wxGetTranslation(wxString::FromUTF8(msgid), wxString::FromUTF8(domain));
}

} // namespace portside::app

namespace portside::app {

ShellTranslator::ShellTranslator() = default;
ShellTranslator::~ShellTranslator() = default;

void ShellTranslator::setLanguage(const std::string& language)
{
    if (language == _language)
        return;
    _language = language;
    _translations.reset();
    if (!language.empty()) {
        _translations = std::make_unique<wxTranslations>();
        _translations->SetLanguage(wxString::FromUTF8(language));
    }
}

std::string ShellTranslator::translate(const std::string& domain, const std::string& msgid) const
{
    if (!_translations) {
        addCatalog(domain);
        return app::translate(msgid, domain).ToStdString(wxConvUTF8);
    }
    const wxString d = wxString::FromUTF8(domain);
    if (!_translations->IsLoaded(d))
        _translations->AddCatalog(d);
    const wxString* translated = _translations->GetTranslatedString(wxString::FromUTF8(msgid), d);
    return translated ? translated->ToStdString(wxConvUTF8) : msgid; // no catalog in that language: English
}

std::string ShellTranslator::decimalSign() const
{
    // The shell's own word for it (context "decimal sign"), in this translator's language.
    if (!_translations)
        return app::decimalSign().ToStdString(wxConvUTF8);
    if (!_translations->IsLoaded("portside"))
        _translations->AddCatalog("portside");
    const wxString* sign = _translations->GetTranslatedString(".", "portside", "decimal sign");
    return sign ? sign->ToStdString(wxConvUTF8) : std::string(".");
}

wxString say(const core::Text& text, const core::Translator& translator)
{
    return wxString::FromUTF8(text.str(&translator));
}

} // namespace portside::app
