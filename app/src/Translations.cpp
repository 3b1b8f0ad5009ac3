#include "Translations.h"

#include <wx/filename.h>
#include <wx/intl.h>
#include <wx/translation.h>
#include <wx/uilocale.h>

namespace portside::app {

void initTranslations(const wxString& executablePath, const wxString& language)
{
    wxUILocale::UseDefault();
    wxFileName exe(executablePath);
    exe.MakeAbsolute();
    wxFileName prefix(exe.GetPath(), "");
    prefix.RemoveLastDir();
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(prefix.GetPath() + "/share/locale");
    auto* translations = new wxTranslations;
    if (!language.empty())
        translations->SetLanguage(language);
    wxTranslations::Set(translations);
    translations->AddStdCatalog();
    translations->AddCatalog("portside");
}

void addCatalog(const std::string& domain)
{
    auto* translations = wxTranslations::Get();
    if (domain.empty() || !translations || translations->IsLoaded(domain))
        return;
    translations->AddCatalog(domain);
}

wxString translate(const std::string& msgid, const std::string& domain)
{
    if (msgid.empty())
        return {};
    return wxGetTranslation(wxString::FromUTF8(msgid), wxString::FromUTF8(domain));
}

} // namespace portside::app
