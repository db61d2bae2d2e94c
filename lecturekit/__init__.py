"""lecturekit: turn one lecture's YAML into a reveal.js deck, PDF handouts and a student page.

The engine knows lectures, slides and questions; it knows nothing about the
subject of any lecture. Data flows one way: load + validate -> model -> render
-> write (see DESIGN.md).
"""
