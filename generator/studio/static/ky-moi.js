// «Kỳ báo cáo mới»: the calendar's proposal (id, title, days) follows the kind, year and
// number as they are chosen; each proposal stays editable. Without this script, «Đề xuất»
// asks the server for the same proposal.
(() => {
  const form = document.querySelector("form[data-proposal]");
  if (!form) return;
  const said = form.querySelector("[data-proposal-said]");
  const button = form.querySelector("[data-propose-button]");
  if (button) button.hidden = true;
  const fields = ["ma", "tieu-de", "bat-dau", "ket-thuc"];
  let asked = 0;
  async function propose() {
    const query = new URLSearchParams();
    for (const name of ["loai", "nam", "so"]) query.set(name, form.elements[name].value);
    const mine = ++asked;
    let proposal;
    try {
      const response = await fetch(`${form.dataset.proposal}?${query}`);
      proposal = await response.json();
    } catch {
      proposal = { loi: "Studio không trả lời; hãy bấm «Đề xuất» hoặc tải lại trang" };
      if (button) button.hidden = false;
    }
    if (mine !== asked) return; // a later choice has been made meanwhile
    if (proposal.loi) {
      said.textContent = `Chưa đề xuất được: ${proposal.loi}.`;
      return;
    }
    for (const name of fields) form.elements[name].value = proposal[name];
    said.textContent = `Đề xuất: ${proposal["tieu-de"]}, từ ${proposal["bat-dau"]} đến ${proposal["ket-thuc"]}.`;
  }
  for (const input of form.querySelectorAll("[data-propose]")) {
    input.addEventListener("change", propose);
  }
})();
