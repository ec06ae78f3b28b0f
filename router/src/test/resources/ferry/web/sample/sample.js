window.addEventListener('DOMContentLoaded', () => {
  document.getElementById('answer').textContent = 'uPlot ' + (typeof uPlot);
});
