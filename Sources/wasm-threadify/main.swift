import Threadify
print(Placeholder3.list())
