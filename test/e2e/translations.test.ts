// SPDX-License-Identifier: LGPL-2.1-or-later
// Story: an admin whose browser asks for German gets the page in German: its words, its plurals, its
// dates and times, the document's language, and its entry in the shell's menu; Spanish, French, Japanese
// and Simplified Chinese sessions get theirs.
import { useBrowser, visit } from "./harness";

useBrowser();

test("a German session: words, plurals, dates and the document's language", async () => {
    await visit({ scenario: "demo", locale: "de-DE" }, async ({ app, page, host }) => {
        await app.locator("#deployments-table").waitFor();
        // one bound image went missing from bootc's storage: a count in the singular
        host.update(s => { s.boundStorage = s.boundStorage.filter(ref => ref !== "quay.io/curl/curl:latest"); });
        await page.reload();
        await app.locator("#bound-images-missing").waitFor();

        expect(await page.title()).toBe("Betriebssystem-Images");
        expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]))
            .toEqual(["de", "ltr"]);
        expect(await app.locator("#update-check").textContent()).toBe("Nach Updates suchen");
        expect(await app.locator("#update-status-title").textContent()).toBe("Noch nicht geprüft");
        expect(await app.locator("#bound-images-missing .pf-v6-c-alert__title").textContent())
            .toContain("1 davon ist nicht im Speicher von bootc");
        // a relative date, as Intl words it in German ("vor 3 Wochen")
        expect(await app.locator("#host-summary [data-field='running'] dd").textContent()).toMatch(/vor \d+ Wochen/);
        expect(await app.locator("tr.ct-deployment-row[data-role='booted'] .ct-role").textContent()).toBe("Gebootet");
    });
});

test("the shell's menu names the page in the session's language", async () => {
    await visit({ scenario: "demo", shell: true, locale: "de-DE" }, async ({ app, page }) => {
        await page.getByRole("link", { name: "Betriebssystem-Images" }).waitFor();
        await app.locator("#update-check", { hasText: "Nach Updates suchen" }).waitFor();
    });
});

// Every other shipped translation reaches the page through Cockpit's own lookup (po.zh_CN.js is served
// for "zh-CN"), with the plural rule of its header (French counts 0 as singular, Japanese has one form).
test.each([
    ["es-ES", "es", "Imágenes del SO", "Buscar actualizaciones", "1 de ellas no está en el almacenamiento de bootc"],
    ["fr-FR", "fr", "Images système", "Rechercher des mises à jour",
        "1 d'entre elles n'est pas dans le stockage de bootc"],
    ["ja-JP", "ja", "OS イメージ", "更新の確認", "そのうち 1 個が bootc のストレージにありません"],
    ["zh-CN", "zh-CN", "操作系统镜像", "检查更新", "其中 1 个不在 bootc 的存储中"],
])("a %s session", async (locale, lang, title, check, missing) => {
    await visit({ scenario: "demo", locale }, async ({ app, page, host }) => {
        await app.locator("#deployments-table").waitFor();
        host.update(s => { s.boundStorage = s.boundStorage.filter(ref => ref !== "quay.io/curl/curl:latest"); });
        await page.reload();
        await app.locator("#bound-images-missing").waitFor();
        expect(await page.title()).toBe(title);
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        expect(await app.locator("#update-check").textContent()).toBe(check);
        expect(await app.locator("#bound-images-missing .pf-v6-c-alert__title").textContent()).toContain(missing);
    });
});
