// The bot scopes Herald asks for when a workspace installs it through OAuth. They must be the manifest's
// (manifest.yml, oauth_config.scopes.bot): test/unit/installations.test.ts compares the two, so a scope added to
// one is not forgotten in the other. docs/slack-app.md says why each is there.
export const BOT_SCOPES: readonly string[] = ['commands', 'chat:write', 'chat:write.public', 'pins:write', 'usergroups:read'];
