// reportgen editor: small hand-written script, no build step, no outside resources.
"use strict";
(function () {
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const strings = document.getElementById("strings").dataset;

  function post(url, body, raw) {
    const headers = { "X-CSRF-Token": token };
    if (!raw) headers["Content-Type"] = "application/json";
    return fetch(url, { method: "POST", headers: headers, body: raw ? body : JSON.stringify(body) })
      .then(function (r) {
        return r.json().then(function (data) { data._status = r.status; return data; },
                             function () { return { _status: r.status, error: strings.failed }; });
      }, function () { return { _status: 0, error: strings.failed }; });
  }

  function debounce(fn, ms) {
    let timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Problems beside their fields; those without a field at the top of the form.
  function showProblems(form, problems) {
    form.querySelectorAll(".problems").forEach(function (box) { box.textContent = ""; });
    form.querySelectorAll(".field.has-error").forEach(function (f) { f.classList.remove("has-error"); });
    (problems || []).forEach(function (p) {
      let box = null;
      if (p.field) {
        let key = p.field;
        while (key && !box) {
          box = form.querySelector('.problems[data-for="' + CSS.escape(key) + '"]');
          key = key.includes(".") ? key.slice(0, key.lastIndexOf(".")) : "";
        }
      }
      box = box || form.querySelector(".problems.general");
      const line = el("p", "problem " + p.severity);
      line.appendChild(el("span", "msg", p.message));
      if (p.hint) line.appendChild(el("span", "hint", "（" + p.hint + "）"));
      if (p.where) line.appendChild(el("span", "where", p.where));
      box.appendChild(line);
      const field = box.closest(".field");
      if (field && p.severity === "error") field.classList.add("has-error");
    });
  }

  function banner(text, kind) {
    const node = document.getElementById("banner");
    if (!node) return;
    node.hidden = !text;
    node.className = "banner " + (kind || "");
    node.textContent = text || "";
  }

  function status(text) {
    const node = document.getElementById("status");
    if (node) node.textContent = text || "";
  }

  function answerBanner(data) {
    if (data._status === 409 && data.problems && data.problems.length) {
      const p = data.problems[0];
      banner(strings.conflict + "：" + p.message + (p.hint ? "（" + p.hint + "）" : ""), "conflict");
    } else if (data.error) {
      banner(data.error, "error");
    } else if (data.message) {
      banner(data.message, "ok");
    }
  }

  // -- the case form -------------------------------------------------------------------
  const caseForm = document.getElementById("case-form");
  if (caseForm) {
    const values = function () {
      const result = {};
      caseForm.querySelectorAll("input[name], textarea[name]").forEach(function (input) {
        result[input.name] = input.value;
      });
      caseForm.querySelectorAll("table.figures").forEach(function (table) {
        const key = table.closest(".field").dataset.key;
        result[key] = Array.from(table.querySelectorAll("tr.figure")).map(function (row) {
          return {
            name: row.querySelector(".fig-name").value,
            number: row.querySelector(".fig-number").value,
            unit: row.querySelector(".fig-unit").value,
            approx: row.querySelector(".fig-approx").checked,
            wan: row.querySelector(".fig-wan").checked,
          };
        });
      });
      return result;
    };
    const check = debounce(function () {
      status(strings.checking);
      post(caseForm.dataset.check, { values: values() }).then(function (data) {
        showProblems(caseForm, data.problems);
        status(data.problems && data.problems.length ? "" : strings.noProblems);
      });
    }, 300);
    caseForm.addEventListener("input", function (event) {
      const pair = event.target.closest(".date-pair");
      if (pair && /^\d{4}-\d{2}-\d{2}$/.test(event.target.value)) pair.querySelector(".picker").value = event.target.value;
      check();
    });
    caseForm.addEventListener("change", check);
    caseForm.querySelectorAll("input.picker").forEach(function (picker) {
      picker.addEventListener("change", function () {
        document.getElementById(picker.dataset.target).value = picker.value;
        check();
      });
    });
    caseForm.addEventListener("click", function (event) {
      if (event.target.classList.contains("remove-row")) {
        event.target.closest("tr").remove();
        check();
      } else if (event.target.classList.contains("add-figure")) {
        const body = event.target.closest(".field").querySelector("tbody");
        const row = el("tr", "figure");
        row.innerHTML = '<td><input class="fig-name"></td><td><input class="fig-number" type="number" min="0" step="any"></td>' +
          '<td><input class="fig-unit"></td><td><input class="fig-approx" type="checkbox"></td>' +
          '<td><input class="fig-wan" type="checkbox"></td><td><button type="button" class="remove-row">×</button></td>';
        body.appendChild(row);
      }
    });
    caseForm.addEventListener("submit", function (event) {
      event.preventDefault();
      status(strings.saving);
      post(caseForm.dataset.save, { values: values(), digest: caseForm.dataset.digest }).then(function (data) {
        showProblems(caseForm, data.problems);
        answerBanner(data);
        status(data.saved ? strings.saved : "");
        if (data.saved) {
          caseForm.dataset.digest = data.digest;
          if (caseForm.dataset.save.indexOf("/cases/new") === 0) window.location.href = data.url;
        }
      });
    });
    check();
  }

  // -- reports and briefs ------------------------------------------------------------------
  const docForm = document.getElementById("doc-form");
  if (docForm) {
    const base = docForm.dataset.base;
    const draft = function () {
      const texts = Array.from(docForm.querySelectorAll(".text-input")).map(function (input) {
        return [JSON.parse(input.dataset.path), input.value];
      });
      const meta = Array.from(docForm.querySelectorAll(".meta-input")).map(function (input) {
        return [JSON.parse(input.dataset.path), input.value];
      });
      const cases = Array.from(docForm.querySelectorAll(".case-list")).map(function (list) {
        const items = Array.from(list.querySelectorAll(".item")).map(function (item) {
          if (item.classList.contains("id")) return { kind: "id", id: item.dataset.id };
          if (item.classList.contains("inline")) return { kind: "inline", index: Number(item.dataset.index) };
          return { kind: "query", query: queryOf(item) };
        });
        return [JSON.parse(list.dataset.path), items];
      });
      return { texts: texts, meta: meta, cases: cases, digest: docForm.dataset.digest };
    };
    const queryOf = function (item) {
      const query = {};
      item.querySelectorAll(".q").forEach(function (input) { if (input.value) query[input.dataset.q] = input.value; });
      return query;
    };
    const refreshQuery = function (item) {
      post("/api/query", { query: queryOf(item) }).then(function (data) {
        const box = item.querySelector(".selected");
        box.textContent = "";
        box.appendChild(el("span", "count", data.error || strings.selects.replace("{count}", (data.cases || []).length)));
        (data.cases || []).forEach(function (c) {
          box.appendChild(el("span", "pick", c.date + " " + c.unit));
        });
      });
    };
    const check = debounce(function () {
      status(strings.checking);
      post(base + "/check", draft()).then(function (data) {
        showProblems(docForm, data.problems);
        if (data.preview) document.getElementById("preview").innerHTML = data.preview;
        status(data.problems && data.problems.filter(function (p) { return p.severity === "error"; }).length ? "" : strings.noProblems);
      });
    }, 300);
    docForm.addEventListener("input", function (event) {
      const item = event.target.closest(".item.query");
      if (item) refreshQuery(item);
      check();
    });
    docForm.addEventListener("change", function (event) {
      if (event.target.classList.contains("add-case") && event.target.value) {
        const li = el("li", "item id");
        li.dataset.id = event.target.value;
        li.appendChild(el("span", "", event.target.value));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("button", "remove-item", "×")).type = "button";
        event.target.closest(".case-list").querySelector(".items").appendChild(li);
        event.target.value = "";
      }
      const item = event.target.closest(".item.query");
      if (item) refreshQuery(item);
      check();
    });
    docForm.addEventListener("click", function (event) {
      if (event.target.classList.contains("remove-item")) {
        event.target.closest(".item").remove();
        check();
      } else if (event.target.classList.contains("add-query")) {
        const copy = document.getElementById("query-template").content.firstElementChild.cloneNode(true);
        event.target.closest(".case-list").querySelector(".items").appendChild(copy);
        refreshQuery(copy);
        check();
      }
    });
    docForm.addEventListener("submit", function (event) {
      event.preventDefault();
      status(strings.saving);
      post(base, draft()).then(function (data) {
        showProblems(docForm, data.problems);
        answerBanner(data);
        status(data.saved ? strings.saved : "");
        if (data.saved) docForm.dataset.digest = data.digest;
      });
    });
    document.querySelectorAll(".preview-pane .tab").forEach(function (tab) {
      tab.addEventListener("click", function () {
        document.querySelectorAll(".preview-pane .tab").forEach(function (t) { t.classList.toggle("on", t === tab); });
        document.querySelectorAll(".preview-pane .pane").forEach(function (pane) {
          pane.hidden = !pane.classList.contains(tab.dataset.show);
        });
        if (tab.dataset.show === "pages") showPages();
        if (tab.dataset.show === "diff") showDiff();
      });
    });
    const showPages = function () {
      const pane = document.getElementById("pages");
      pane.textContent = strings.rendering;
      post(base + "/pages", {}).then(function (data) {
        pane.textContent = "";
        if (data.error) { pane.appendChild(el("p", "problem error", data.error)); return; }
        (data.pages || []).forEach(function (src) {
          const img = el("img", "page");
          img.src = src;
          pane.appendChild(img);
        });
      });
    };
    const showDiff = function () {
      const pane = document.getElementById("diff");
      fetch(base + "/diff").then(function (r) { return r.json(); }).then(function (data) {
        pane.textContent = "";
        if (data.html) pane.innerHTML = data.html;
        else pane.appendChild(el("p", "problem error", data.message || data.error || strings.failed));
      });
    };
    docForm.querySelectorAll(".item.query").forEach(refreshQuery);
    check();
  }

  // -- new brief, uploads, the list's search ----------------------------------------------------
  const newBrief = document.getElementById("new-brief");
  if (newBrief) {
    newBrief.addEventListener("click", function () {
      post("/documents/brief/new", {}).then(function (data) {
        if (data.url) window.location.href = data.url;
        else answerBanner(data);
      });
    });
  }
  const upload = document.getElementById("upload-form");
  if (upload) {
    upload.addEventListener("submit", function (event) {
      event.preventDefault();
      const file = document.getElementById("upload-file").files[0];
      if (!file) return;
      post("/upload?name=" + encodeURIComponent(file.name), file, true).then(function (data) {
        if (data.saved) banner((data.files || []).join("\n"), "ok");
        else if (data.problems && data.problems.length) banner(data.problems.map(function (p) { return p.where + " " + p.message; }).join("\n"), "error");
        else answerBanner(data);
      });
    });
  }
  const filters = document.getElementById("case-filters");
  if (filters) {
    filters.querySelectorAll("select, input[type=date]").forEach(function (input) {
      input.addEventListener("change", function () { filters.submit(); });
    });
  }
})();
