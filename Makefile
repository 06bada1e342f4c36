# SPDX-License-Identifier: LGPL-2.1-or-later
#
# make            build the page into dist/
# make demo       the page in a real Cockpit against the bootc simulator (installs what it needs; root)
# make check      typecheck, lint, unit, ui and e2e tests, the e2e tests on two Cockpits (installs
#                 what it needs; root)
# make install    copy dist/ to $(DESTDIR)$(PREFIX)/share/cockpit/bootc
# make devel-install / devel-uninstall   symlink dist/ into ~/.local/share/cockpit/bootc
# make dist       source tarball with the built dist/
# make srpm / rpm  cockpit-bootc.spec's source and noarch RPMs, from that tarball, into build/rpm/
# make watch      rebuild on every change
# make bench      bundle sizes, build time, page load time and bootc calls
# make screenshot refresh the README's screenshot
# make po/bootc.pot   extract translatable strings

PACKAGE := bootc
VERSION := $(shell sed -n 's/^  "version": "\(.*\)",$$/\1/p' package.json)
PREFIX ?= /usr/local
DESTDIR ?=
INSTALL_DIR := $(DESTDIR)$(PREFIX)/share/cockpit/$(PACKAGE)
TARBALL := cockpit-bootc-$(VERSION).tar.xz

DEMO_ADDRESS ?= 127.0.0.1
DEMO_PORT ?= 9090
DEMO_SCENARIO ?= demo

# Debian packages: Cockpit to serve the page; Chromium for the browser tests, sudo for the test of a
# session that has to turn on administrative access, rpm (rpmbuild) and appstream (appstreamcli) for
# the RPM and its metainfo
DEMO_PACKAGES := cockpit-ws cockpit-bridge cockpit-system
CHECK_PACKAGES := $(DEMO_PACKAGES) chromium sudo rpm appstream
# a Debian Cockpit page to compare with, for `make bench` only
BENCH_PACKAGES := cockpit-packagekit

# Node.js: the machine's when it is new enough, else a copy from the npm registry in build/node
# (tools/ensure-node.sh; Debian 12's own is 18), first on PATH for every recipe here
NODE_MIN := 20
NODE_VERSION := 20.20.2
export PATH := $(CURDIR)/build/node/bin:$(PATH)

# a second Cockpit for the e2e tests, as on Fedora and CentOS today (Python bridge, manifest conditions):
# Debian's bookworm-backports build, fetched and unpacked into build/ by tools/fetch-cockpit.sh,
# nothing installed; `make check` runs the e2e tests against the machine's Cockpit and this one
COCKPIT_NEW_SUITE := bookworm-backports
COCKPIT_NEW_VERSION := 337-1~bpo12+1
COCKPIT_NEW_DIR := build/cockpit-new

APP_SOURCES := $(shell find src -type f) manifest.json build.mjs tools/po.mjs $(wildcard po/*.po)
SIM_SOURCES := $(shell find test/sim -name '*.ts')

all: dist/manifest.json

# --- dependencies -------------------------------------------------------------------------------

# Node.js >= $(NODE_MIN) (and npm) before anything runs node
build/node/.checked:
	@sh tools/ensure-node.sh $(NODE_MIN) $(NODE_VERSION) build/node
	@mkdir -p build/node && touch $@

# npm ci when package-lock.json changed or node_modules is missing
node_modules/.installed: package.json package-lock.json | build/node/.checked
	npm ci --no-audit --no-fund
	@touch $@

# apt-get install the packages that are missing (nothing when all are there)
define apt_install
	@missing=""; \
	for p in $(1); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then echo "missing Debian packages:$$missing (run as root to install them)"; exit 1; fi; \
		echo "installing$$missing"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi
endef

demo-deps:
	$(call apt_install,$(DEMO_PACKAGES))

check-deps:
	$(call apt_install,$(CHECK_PACKAGES))

# --- build ----------------------------------------------------------------------------------------

dist/manifest.json: node_modules/.installed $(APP_SOURCES)
	node build.mjs app

build/sim/bootc: node_modules/.installed $(SIM_SOURCES)
	node build.mjs sim

watch: node_modules/.installed
	node build.mjs app --watch

po/bootc.pot: node_modules/.installed $(APP_SOURCES)
	node tools/po.mjs extract

# --- run and test ---------------------------------------------------------------------------------

demo: demo-deps dist/manifest.json build/sim/bootc
	@if [ "$$(id -u)" != 0 ]; then echo "make demo needs root: the simulated host lives in a private mount namespace"; exit 1; fi
	DEMO_ADDRESS=$(DEMO_ADDRESS) DEMO_PORT=$(DEMO_PORT) DEMO_SCENARIO=$(DEMO_SCENARIO) node build/sim/demo.cjs

$(COCKPIT_NEW_DIR)/root/VERSION: tools/fetch-cockpit.sh
	sh tools/fetch-cockpit.sh $(COCKPIT_NEW_SUITE) $(COCKPIT_NEW_VERSION) $(COCKPIT_NEW_DIR)

check: check-deps dist/manifest.json build/sim/bootc $(COCKPIT_NEW_DIR)/root/VERSION
	CHECK_COCKPITS=$(COCKPIT_NEW_DIR)/root node tools/check.mjs

# refresh doc/screenshot.png (the README's) from the e2e overview story
screenshot: check-deps dist/manifest.json build/sim/bootc
	UPDATE_SCREENSHOTS=1 node_modules/.bin/jest --selectProjects e2e --testPathPattern overview.test

bench: demo-deps check-deps dist/manifest.json build/sim/bootc
	$(call apt_install,$(BENCH_PACKAGES))
	node tools/bench.mjs

# --- install and ship -----------------------------------------------------------------------------

install: dist/manifest.json
	mkdir -p $(INSTALL_DIR) $(DESTDIR)$(PREFIX)/share/metainfo
	cp -r dist/. $(INSTALL_DIR)/
	install -p -m 644 packaging/org.cockpit_project.bootc.metainfo.xml $(DESTDIR)$(PREFIX)/share/metainfo/

devel-install: dist/manifest.json
	mkdir -p ~/.local/share/cockpit
	ln -sfn $(CURDIR)/dist ~/.local/share/cockpit/$(PACKAGE)

devel-uninstall:
	rm -f ~/.local/share/cockpit/$(PACKAGE)

dist: $(TARBALL)

$(TARBALL): dist/manifest.json $(shell git ls-files 2>/dev/null)
	tar --create --xz --file $@ --sort=name --owner=0 --group=0 --numeric-owner \
		--mtime="$$(git log -1 --format=@%ct 2>/dev/null || echo @0)" \
		--transform 's,^,cockpit-bootc-$(VERSION)/,' \
		$$(git ls-files) dist
	@echo "wrote $@"

# the spec's Version is package.json's: `make srpm` refuses to build when they differ
RPMBUILD = rpmbuild --define "_topdir $(CURDIR)/build/rpm" --define "_sourcedir $(CURDIR)"

spec-version:
	@v=$$(sed -n 's/^Version: *//p' cockpit-bootc.spec); \
	if [ "$$v" != "$(VERSION)" ]; then echo "cockpit-bootc.spec has Version $$v, package.json $(VERSION)"; exit 1; fi

srpm: spec-version $(TARBALL)
	$(RPMBUILD) -bs cockpit-bootc.spec

# --nodeps: on Debian, rpmbuild cannot see the build dependencies that dpkg installed (appstream)
rpm: spec-version $(TARBALL)
	$(RPMBUILD) -bb --nodeps cockpit-bootc.spec

clean:
	rm -rf dist build $(TARBALL) test/e2e/artifacts

.PHONY: all demo-deps check-deps watch demo check screenshot bench install devel-install devel-uninstall dist \
	spec-version srpm rpm clean
