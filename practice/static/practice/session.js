// Progressive enhancement of the session page: show the reason for excused people and the tasks
// for present people only. Without this file every field is simply visible.
document.addEventListener("DOMContentLoaded", () => {
  const people = document.querySelectorAll("[data-person]");
  if (!people.length) return;
  document.documentElement.classList.add("js");
  people.forEach((person) => {
    const update = (changed) => {
      const checked = person.querySelector(".presence input:checked");
      const value = checked ? checked.value : "absent";
      person.classList.toggle("is-present", value === "present");
      person.classList.toggle("is-excused", value === "excused");
      const tasks = person.querySelector("details.tasks");
      if (tasks && value === "present") tasks.open = true;
      if (changed && value !== "present") {
        // Nobody contributes while absent: clear ticks so the save is not refused.
        person.querySelectorAll(".task-choices input:checked").forEach((box) => { box.checked = false; });
      }
    };
    person.querySelectorAll(".presence input").forEach((radio) => radio.addEventListener("change", () => update(true)));
    update(false);
  });
});
