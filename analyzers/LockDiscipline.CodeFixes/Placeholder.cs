namespace LockDiscipline.CodeFixes { }
